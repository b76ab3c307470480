-- Counts merged across nodes (rate limits, failure lockouts): one row per kind, key, bucket and node.
CREATE TABLE shared_counts (
    kind      VARCHAR(32)  NOT NULL,
    count_key VARCHAR(512) NOT NULL,
    bucket    BIGINT       NOT NULL,
    node      VARCHAR(64)  NOT NULL,
    n         BIGINT       NOT NULL,
    PRIMARY KEY (kind, count_key, bucket, node)
);
CREATE INDEX shared_counts_bucket ON shared_counts (bucket);

-- When each web session last confirmed access (sudo mode), so that every node knows.
CREATE TABLE session_confirmations (
    session_id   BIGINT                   PRIMARY KEY REFERENCES tokens (id) ON DELETE CASCADE,
    confirmed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
