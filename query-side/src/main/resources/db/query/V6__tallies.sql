-- Report figures at scale. For every household, the date intervals during which it counts in a figure (its status,
-- poor merit household, entitled to / covered by a universal policy), as known now; and per commune and figure the
-- changes of the count by day, so that a count as of D is sum(delta) over day <= D: a few thousand rows to add up
-- however many households there are. Kept by the household projection in the transaction of its events
-- (HouseholdTallies); reports read them when nothing they cover was recorded after the report's knownAt, and fall
-- back to the bitemporal tables otherwise.
CREATE TABLE q_household_tally (
    household_id VARCHAR(64) NOT NULL,
    commune_code VARCHAR(20) NOT NULL,
    metric       VARCHAR(10) NOT NULL,
    item         VARCHAR(50) NOT NULL,
    from_day     DATE        NOT NULL,
    to_day       DATE, -- exclusive; null: open-ended
    PRIMARY KEY (household_id, metric, item, from_day)
);
CREATE INDEX q_household_tally_commune_idx ON q_household_tally (commune_code, metric, item, from_day);

CREATE TABLE q_tally_delta (
    day          DATE        NOT NULL,
    commune_code VARCHAR(20) NOT NULL,
    metric       VARCHAR(10) NOT NULL,
    item         VARCHAR(50) NOT NULL,
    delta        BIGINT      NOT NULL,
    PRIMARY KEY (day, commune_code, metric, item)
);

-- "has anything been recorded after knownAt?" in three index lookups
CREATE INDEX q_status_fact_recorded_idx ON q_status_fact (recorded_at);
CREATE INDEX q_grant_recorded_idx ON q_grant (recorded_at);
CREATE INDEX q_grant_end_recorded_idx ON q_grant_end (recorded_at);
