-- An account an administrator disabled: its tokens and sessions are refused, it cannot sign in.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP WITH TIME ZONE;
-- A deleted account stays as a tombstone (kind 'deleted', login_key freed) so that its audit
-- events and the rows that name it keep their reference; nothing can authenticate as it.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
