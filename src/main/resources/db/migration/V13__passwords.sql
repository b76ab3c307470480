-- Passwords. One script for PostgreSQL and for H2 in MODE=PostgreSQL.

-- True while the account still has the password Latchkey generated for it (the first administrator's,
-- written to DATA/initial-admin-password); any change clears it. Read with the user, so the web
-- pages' banner costs no query of its own.
ALTER TABLE users ADD COLUMN password_generated BOOLEAN DEFAULT FALSE NOT NULL;

-- The one pending reset code an administrator issued for a user: only its SHA-256, until when it
-- may be redeemed, and by whom it was issued. A new code replaces the row; redeeming deletes it.
CREATE TABLE password_resets (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    code_hash  BYTEA NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by BIGINT
);

-- Until now no password could be changed: on a server started before, the first account (the
-- administrator FirstAdmin created with a generated password) still has it.
UPDATE users SET password_generated = TRUE
WHERE login_key = 'admin' AND admin = TRUE AND id = (SELECT MIN(id) FROM users);
