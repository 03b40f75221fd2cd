-- Tamper evidence (audit-chain module): one link per stored event, in the order the chain writer found them, and
-- checkpoints of the chain head signed with a key kept outside the database.
CREATE TABLE event_hash_chain (
    chain_seq     BIGINT      PRIMARY KEY,
    global_index  BIGINT      NOT NULL UNIQUE,
    previous_link CHAR(64)    NOT NULL,
    link          CHAR(64)    NOT NULL,
    chained_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE event_chain_checkpoint (
    chain_seq  BIGINT      PRIMARY KEY,
    head_link  CHAR(64)    NOT NULL,
    signature  CHAR(64),
    signed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
