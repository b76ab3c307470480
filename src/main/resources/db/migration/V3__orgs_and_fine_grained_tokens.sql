-- Organisations are accounts like users (one login namespace, repositories owned by either);
-- an organisation has no password and never signs in.
ALTER TABLE users ADD COLUMN kind VARCHAR(8) DEFAULT 'user' NOT NULL;

CREATE TABLE org_memberships (
    org_id     BIGINT NOT NULL REFERENCES users (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    role       VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (org_id, user_id)
);

CREATE INDEX org_memberships_by_user ON org_memberships (user_id);

CREATE TABLE org_token_policies (
    org_id            BIGINT PRIMARY KEY REFERENCES users (id),
    forbid_classic    BOOLEAN NOT NULL,
    max_lifetime_days INTEGER,
    require_approval  BOOLEAN NOT NULL
);

-- A fine-grained token's permissions ("contents=write,metadata=read") ...
ALTER TABLE tokens ADD COLUMN permissions VARCHAR;

-- ... and the owners it may act on: all, public or selected repositories of each, and for
-- owners that require it, whether an owner approved the token.
CREATE TABLE token_resources (
    token_id       BIGINT NOT NULL REFERENCES tokens (id),
    owner_id       BIGINT NOT NULL REFERENCES users (id),
    selection      VARCHAR(16) NOT NULL,
    repository_ids VARCHAR,
    approval       VARCHAR(16) NOT NULL,
    decided_by     VARCHAR,
    decided_at     TIMESTAMP WITH TIME ZONE,
    reason         VARCHAR,
    PRIMARY KEY (token_id, owner_id)
);

CREATE INDEX token_resources_by_owner ON token_resources (owner_id);
