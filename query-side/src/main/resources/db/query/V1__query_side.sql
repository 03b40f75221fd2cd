-- Query-side projections. Every row keeps when its event was recorded (recorded_at) so that reads can be "as known
-- at" a past instant, and effective dates so that reads can be "as of" a past date. Rows are keyed by event id or
-- natural key: re-handling an event (a stolen segment claim) changes nothing.

CREATE TABLE q_commune (
    code        VARCHAR(20)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    area_type   VARCHAR(10)  NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL
);

CREATE TABLE q_commune_household_count (
    event_id         VARCHAR(64) PRIMARY KEY,
    code             VARCHAR(20) NOT NULL,
    as_of            DATE        NOT NULL,
    total_households INTEGER     NOT NULL,
    sequence_number  BIGINT      NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX q_commune_household_count_code_idx ON q_commune_household_count (code, as_of);

CREATE TABLE q_household (
    household_id      VARCHAR(64)  PRIMARY KEY,
    commune_code      VARCHAR(20)  NOT NULL,
    hamlet            VARCHAR(200) NOT NULL,
    area_type         VARCHAR(10)  NOT NULL,
    head_full_name    VARCHAR(200) NOT NULL,
    head_national_id  VARCHAR(20)  NOT NULL,
    head_birth_year   INTEGER,
    member_count      INTEGER      NOT NULL,
    merit_household   BOOLEAN      NOT NULL,
    ethnic_minority   BOOLEAN      NOT NULL,
    registered_on     DATE         NOT NULL,
    recorded_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX q_household_commune_idx ON q_household (commune_code, household_id);

CREATE TABLE q_assessment (
    assessment_id     VARCHAR(64)  PRIMARY KEY,
    household_id      VARCHAR(64)  NOT NULL,
    period            INTEGER      NOT NULL,
    kind              VARCHAR(10)  NOT NULL,
    assessed_on       DATE         NOT NULL,
    standard          VARCHAR(50)  NOT NULL,
    income_per_capita BIGINT       NOT NULL,
    deprivations      TEXT         NOT NULL,
    deprivation_count INTEGER      NOT NULL,
    proposed_status   VARCHAR(20)  NOT NULL,
    recorded_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX q_assessment_household_idx ON q_assessment (household_id);

-- One row per recognition or correction. A correction repeats its recognition's effective date and sequence, so the
-- status in force on D (known at K) is, per household, the row with the greatest
-- (effective_from, recognition_sequence, sequence_number) among rows with effective_from <= D and recorded_at <= K.
CREATE TABLE q_status_fact (
    event_id             VARCHAR(64) PRIMARY KEY,
    household_id         VARCHAR(64) NOT NULL,
    assessment_id        VARCHAR(64) NOT NULL,
    fact_kind            VARCHAR(12) NOT NULL,
    effective_from       DATE        NOT NULL,
    recognition_sequence BIGINT      NOT NULL,
    sequence_number      BIGINT      NOT NULL,
    status               VARCHAR(20) NOT NULL,
    decision_ref         VARCHAR(100),
    recorded_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX q_status_fact_household_idx
    ON q_status_fact (household_id, effective_from DESC, recognition_sequence DESC, sequence_number DESC);
