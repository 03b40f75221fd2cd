-- Preferential loans (issue "Preferential loans"; DESIGN.md §3): one row per loan as applied, one row per dated fact
-- of its life, and its repayment schedule as disbursed. Nothing is updated in place: a loan's state, outstanding
-- principal and overdue amount on D, as known at K, are computed from the facts with effective_on <= D and
-- recorded_at <= K (LoanHistory in Java, the same rule in SQL for the portfolio report). Rows are keyed by loan id,
-- event id or (loan id, instalment number): re-handling an event changes nothing.

CREATE TABLE q_loan (
    loan_id             VARCHAR(64)   PRIMARY KEY,
    household_id        VARCHAR(64)   NOT NULL,
    commune_code        VARCHAR(20)   NOT NULL,
    program_code        VARCHAR(50)   NOT NULL,
    principal           BIGINT        NOT NULL,
    term_months         INTEGER       NOT NULL,
    annual_rate_percent NUMERIC(5, 2) NOT NULL,
    purpose             VARCHAR(500),
    applied_on          DATE          NOT NULL,
    household_status    VARCHAR(20)   NOT NULL,
    recorded_at         TIMESTAMPTZ   NOT NULL
);
CREATE INDEX q_loan_household_idx ON q_loan (household_id, applied_on);
CREATE INDEX q_loan_commune_program_idx ON q_loan (commune_code, program_code);

-- effective_on: approvedOn, rejectedOn, disbursedOn, paidOn, settledOn, writtenOffOn, or the overdue check's asOf.
-- amount: the principal paid out (DISBURSED), repaid (REPAID), given up (WRITTEN_OFF) or overdue (OVERDUE); else 0.
CREATE TABLE q_loan_event (
    event_id     VARCHAR(64)  PRIMARY KEY,
    loan_id      VARCHAR(64)  NOT NULL,
    kind         VARCHAR(12)  NOT NULL CHECK (kind IN ('APPROVED', 'REJECTED', 'DISBURSED', 'REPAID', 'SETTLED',
                                                       'WRITTEN_OFF', 'OVERDUE')),
    effective_on DATE         NOT NULL,
    amount       BIGINT       NOT NULL,
    reason       VARCHAR(500),
    recorded_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX q_loan_event_loan_idx ON q_loan_event (loan_id, kind, effective_on);
-- the report starts from the loans disbursed by its date
CREATE INDEX q_loan_event_disbursed_idx ON q_loan_event (effective_on, loan_id) WHERE kind = 'DISBURSED';

-- The schedule of LoanDisbursedEvent (RepaymentSchedule): instalment 1..n. Known when its disbursement is known.
CREATE TABLE q_loan_instalment (
    loan_id    VARCHAR(64) NOT NULL,
    instalment INTEGER     NOT NULL,
    due_on     DATE        NOT NULL,
    amount     BIGINT      NOT NULL,
    PRIMARY KEY (loan_id, instalment)
);
CREATE INDEX q_loan_instalment_due_idx ON q_loan_instalment (loan_id, due_on) INCLUDE (amount);
