-- Command-side tables besides Axon's: set-based rules and idempotency, written in the command's transaction.

CREATE TABLE household_national_id (
    national_id_hash CHAR(64)    PRIMARY KEY,
    household_id     VARCHAR(64) NOT NULL
);

CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(200) PRIMARY KEY,
    request_hash    CHAR(64)     NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    response_status INTEGER,
    response_type   VARCHAR(100),
    response_body   TEXT,
    location        TEXT,
    owner           VARCHAR(64)  NOT NULL,
    claimed_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at    TIMESTAMPTZ
);
