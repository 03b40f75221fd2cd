-- The query-side nodes alive now: each node writes its heartbeat here (SegmentBalancer), so that every node knows how
-- many share the projections' segments, including nodes that hold no segment yet (token_entry names only owners).
-- node_id is the same name Axon's JdbcTokenStore writes as a token's owner (the JVM's pid@host).
CREATE TABLE query_node (
    node_id   VARCHAR(255) PRIMARY KEY,
    started   TIMESTAMPTZ  NOT NULL,
    last_seen TIMESTAMPTZ  NOT NULL
);
