-- The nodes of a cluster, each writing its heartbeat every second; rows a day without one are pruned.
-- applied_sequence and lease_state are kept for the revocation sequence and lease (not yet used: NULL and 'none').
CREATE TABLE nodes (
    id               VARCHAR(64)              PRIMARY KEY,
    address          VARCHAR(500)             NOT NULL,
    hostname         VARCHAR(255)             NOT NULL,
    version          VARCHAR(64)              NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    applied_sequence BIGINT,
    lease_state      VARCHAR(32)              NOT NULL,
    token_cache_size BIGINT                   NOT NULL
);
CREATE INDEX nodes_heartbeat ON nodes (heartbeat_at);
