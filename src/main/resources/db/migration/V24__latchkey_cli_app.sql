-- The built-in public OAuth app of Latchkey's own CLI (latchkey login --web, the device flow):
-- owned by the server itself (no owner row), so no user can list, change or delete it.
ALTER TABLE oauth_apps ALTER COLUMN owner_id DROP NOT NULL;

INSERT INTO oauth_apps (owner_id, client_id, name, homepage_url, description, callback_urls, confidential, created_at)
VALUES (NULL, '0000000000000000c11e', 'Latchkey CLI', 'https://github.com/latchkey/latchkey',
        'The latchkey command line tool (latchkey login --web).', 'http://127.0.0.1/', FALSE, CURRENT_TIMESTAMP);
