-- The marks of a removed member stop counting at once; they are kept here, not deleted, so
-- that a moderator who undoes the removal gives them back.
CREATE TABLE set_aside_votes (
    session_id BLOB NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id  BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    camp_id    BLOB NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX set_aside_votes_person ON set_aside_votes(camp_id, person_id);
