-- Command-side tables besides Axon's: set-based rules and idempotency, written in the command's transaction.

-- One row per registered household: the head's national ID must be unique (only a SHA-256 digest is kept), and
-- the commune tells which commune officers may write for the household.
CREATE TABLE household_registry (
    household_id     VARCHAR(64) PRIMARY KEY,
    commune_code     VARCHAR(20) NOT NULL,
    national_id_hash CHAR(64)    NOT NULL,
    CONSTRAINT household_registry_national_id_uk UNIQUE (national_id_hash)
);

CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(500) PRIMARY KEY,
    request_hash    CHAR(64)     NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    response_status INTEGER,
    response_type   VARCHAR(100),
    response_body   TEXT,
    location        TEXT,
    owner           VARCHAR(64)  NOT NULL UNIQUE,
    claimed_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at    TIMESTAMPTZ
);
