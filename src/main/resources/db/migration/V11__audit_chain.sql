-- The audit log's hash chain: each event's link covers the previous link and the event itself.
-- One head row, locked by every append, orders the chain across nodes.

ALTER TABLE audit_events ADD COLUMN previous_link BYTEA;
ALTER TABLE audit_events ADD COLUMN link BYTEA;

CREATE TABLE audit_chain_head (
    id        INT PRIMARY KEY,
    last_link BYTEA
);

INSERT INTO audit_chain_head (id, last_link) VALUES (1, NULL);
