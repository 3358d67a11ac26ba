-- Attendees (issue 5): starred sessions and the secret agenda subscription.
-- Keep in step with migrations/sqlite/0004_schedule.sql.

-- "My agenda" of a participant: one row per starred session.
CREATE TABLE stars (
    camp_id    UUID NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    person_id  UUID NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    session_id UUID NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_id, session_id)
);
CREATE INDEX stars_camp ON stars(camp_id, person_id);

-- The calendar subscription of one person's agenda: only a hash of the secret is kept, and a
-- new secret replaces (revokes) the old one.
CREATE TABLE agenda_feeds (
    camp_id    UUID NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    person_id  UUID NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (camp_id, person_id)
);
