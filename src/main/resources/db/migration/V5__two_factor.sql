-- Two-factor authentication (TOTP, RFC 6238) and its one-time recovery codes.
-- One script for PostgreSQL and for H2 in MODE=PostgreSQL: only syntax both accept.

-- secret_ciphertext: the TOTP secret encrypted with the server key (AES-256-GCM), never in plain text.
-- enabled_at: null while the enrolment waits for its first code.
-- last_used_step: the 30-second time step of the last accepted code; a code of that step or an
-- earlier one is refused, so each code is accepted at most once.
CREATE TABLE two_factor (
    user_id           BIGINT PRIMARY KEY REFERENCES users (id),
    secret_ciphertext VARCHAR NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    enabled_at        TIMESTAMP WITH TIME ZONE,
    last_used_step    BIGINT
);

-- code_hash: SHA-256 of the normalised code (each code carries about 82 random bits).
CREATE TABLE recovery_codes (
    user_id    BIGINT NOT NULL REFERENCES users (id),
    code_hash  BYTEA NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (user_id, code_hash)
);

-- An organisation may require its members to have two-factor authentication on.
ALTER TABLE org_token_policies ADD COLUMN require_two_factor BOOLEAN DEFAULT FALSE NOT NULL;
