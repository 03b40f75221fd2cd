-- Requests to rebuild a projection (POST /api/admin/projections/{name}/rebuild). Every query-side node polls this
-- table (ProjectionRebuilds): REQUESTED -> every node shuts the processing group's processor down; the one node
-- whose conditional update to RESET succeeds resets the tokens in the same transaction (its @ResetHandlers clear the
-- tables); every node starts the processor again; DONE once no token of the group is a replay token any more.
CREATE TABLE projection_rebuild (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         VARCHAR(255) NOT NULL,
    requested_at TIMESTAMPTZ  NOT NULL,
    requested_by VARCHAR(255) NOT NULL,
    status       VARCHAR(10)  NOT NULL CHECK (status IN ('REQUESTED', 'RESET', 'DONE')),
    reset_at     TIMESTAMPTZ,
    reset_by     VARCHAR(255)
);
-- at most one open request per processing group
CREATE UNIQUE INDEX projection_rebuild_open_uk ON projection_rebuild (name) WHERE status = 'REQUESTED';
