-- The loan portfolio at scale (like V6 for households). For every loan, the date intervals of its figures in the
-- portfolio report (counted as active, outstanding principal, counted as overdue, overdue amount), as known now; and
-- per commune, programme and figure the change by day, so that a figure as of D is sum(delta) over day <= D: a few
-- thousand rows to add up however many loans there are. Kept by the loan projection in the transaction of its events
-- (LoanTallies); the report reads them when no loan fact was recorded after its knownAt, and the bitemporal tables
-- otherwise.
CREATE TABLE q_loan_tally (
    loan_id      VARCHAR(64) NOT NULL,
    commune_code VARCHAR(20) NOT NULL,
    program_code VARCHAR(50) NOT NULL,
    metric       VARCHAR(16) NOT NULL,
    from_day     DATE        NOT NULL,
    to_day       DATE, -- exclusive; null: open-ended
    value        BIGINT      NOT NULL,
    PRIMARY KEY (loan_id, metric, from_day)
);

CREATE TABLE q_loan_tally_delta (
    day          DATE        NOT NULL,
    commune_code VARCHAR(20) NOT NULL,
    program_code VARCHAR(50) NOT NULL,
    metric       VARCHAR(16) NOT NULL,
    delta        BIGINT      NOT NULL,
    PRIMARY KEY (day, commune_code, program_code, metric)
);

-- "has any loan fact been recorded after knownAt?" in two index lookups
CREATE INDEX q_loan_recorded_idx ON q_loan (recorded_at);
CREATE INDEX q_loan_event_recorded_idx ON q_loan_event (recorded_at);
