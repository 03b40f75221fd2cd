-- Policy grants of households (issue "Policy grants"): one row per grant as granted, and one row per event that made a
-- grant inactive from a date (a revocation by an officer or an automatic end after a recognition). Nothing is
-- updated in place: a grant is active on D, as known at K, when valid_from <= D <= valid_to and no end recorded by K
-- has ended_on <= D. Rows are keyed by grant id or event id: re-handling an event changes nothing.

CREATE TABLE q_grant (
    grant_id     VARCHAR(64)  PRIMARY KEY,
    household_id VARCHAR(64)  NOT NULL,
    policy_code  VARCHAR(50)  NOT NULL,
    valid_from   DATE         NOT NULL,
    valid_to     DATE         NOT NULL,
    decision_ref VARCHAR(100),
    amount       BIGINT       NOT NULL,
    recorded_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX q_grant_household_idx ON q_grant (household_id, valid_from);
CREATE INDEX q_grant_policy_idx ON q_grant (policy_code, valid_from, valid_to);

CREATE TABLE q_grant_end (
    event_id    VARCHAR(64) PRIMARY KEY,
    grant_id    VARCHAR(64) NOT NULL,
    kind        VARCHAR(10) NOT NULL CHECK (kind IN ('REVOKED', 'ENDED')),
    ended_on    DATE        NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX q_grant_end_grant_idx ON q_grant_end (grant_id, ended_on);
