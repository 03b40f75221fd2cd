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

-- One row per loan: at most one open loan per programme and household (partial unique index), and which loans the
-- daily overdue check looks at. Kept in step by the subscribing processor "loan-registry".
CREATE TABLE loan_registry (
    loan_id      VARCHAR(64) PRIMARY KEY,
    household_id VARCHAR(64) NOT NULL,
    program_code VARCHAR(50) NOT NULL,
    open         BOOLEAN     NOT NULL,
    disbursed    BOOLEAN     NOT NULL
);
CREATE UNIQUE INDEX loan_registry_one_open_per_program ON loan_registry (household_id, program_code) WHERE open;

-- db-scheduler's table: the daily loan overdue check survives restarts and runs on one node of many.
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
