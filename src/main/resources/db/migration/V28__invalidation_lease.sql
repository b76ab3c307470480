-- The invalidation sequence: each transaction that must stop a cached credential takes the next value
-- (the row lock is held to its commit, so the order of the values is the order of the commits) and
-- announces it with what to drop. Each node records in nodes.applied_sequence the last one it applied
-- and in nodes.lease_until until when it may answer from its cache (renewed by its listener).
CREATE TABLE invalidation_clock (
    id  INTEGER PRIMARY KEY,
    seq BIGINT  NOT NULL
);
INSERT INTO invalidation_clock (id, seq) VALUES (1, 0);
ALTER TABLE nodes ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
