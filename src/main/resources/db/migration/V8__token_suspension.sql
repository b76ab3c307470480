-- Suspension: a token its owner (or an administrator, in a breach) set aside for now. A suspended
-- token is refused like a revoked one but can be resumed; suspended_by is the login that did it.
ALTER TABLE tokens ADD COLUMN suspended_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE tokens ADD COLUMN suspended_by VARCHAR;

-- An organisation may revoke fine-grained tokens on its resources sooner when they go unused
-- (null: the server's setting, 365 days by default).
ALTER TABLE org_token_policies ADD COLUMN revoke_unused_after_days INTEGER;

-- Pruning the usage log deletes by time across every token.
CREATE INDEX token_usage_by_at ON token_usage (at);
