-- The grid (issue 4): room availability, grid settings, history for undo, and the published
-- snapshot. Keep in step with migrations/sqlite/0003_grid.sql.

-- Cells where a room is not available (no row: available).
CREATE TABLE room_unavailable (
    room_id UUID NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    slot_id UUID NOT NULL REFERENCES slots(id) ON DELETE CASCADE,
    PRIMARY KEY (room_id, slot_id)
);

-- Share of common interest above which two sessions of one slot conflict.
ALTER TABLE grids ADD COLUMN overlap_threshold DOUBLE PRECISION NOT NULL DEFAULT 0.5
    CHECK (overlap_threshold >= 0 AND overlap_threshold <= 1);
ALTER TABLE grids ADD COLUMN published_at TIMESTAMPTZ;

-- Every change of the grid: who, what, and the affected sessions' cells before and after
-- (JSON lists of {session, cells: [[room, slot], ...], pinned}). Undo restores `before`.
CREATE TABLE grid_changes (
    id       BIGSERIAL PRIMARY KEY,
    camp_id  UUID NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    version  BIGINT NOT NULL,             -- the grid version this change produced
    actor_id UUID REFERENCES people(id) ON DELETE SET NULL,
    action   TEXT NOT NULL,
    before   TEXT NOT NULL,
    after    TEXT NOT NULL,
    undone   BOOLEAN NOT NULL DEFAULT FALSE,
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX grid_changes_camp ON grid_changes(camp_id, id);

-- What attendees see: a copy of `placements` taken when moderators publish.
CREATE TABLE published_placements (
    camp_id    UUID NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    session_id UUID NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    room_id    UUID NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    slot_id    UUID NOT NULL REFERENCES slots(id) ON DELETE CASCADE,
    pinned     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (session_id, slot_id),
    UNIQUE (room_id, slot_id)
);
CREATE INDEX published_placements_camp ON published_placements(camp_id);
CREATE INDEX placements_camp ON placements(camp_id);
