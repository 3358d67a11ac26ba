-- campgrid schema, SQLite dialect. Keep in step with migrations/postgres/0001_init.sql.
-- Ids are uuids (16-byte blobs), times are UTC.

CREATE TABLE people (
    id            BLOB PRIMARY KEY,
    display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
    email         TEXT UNIQUE CHECK (email IS NULL OR length(email) <= 254),
    password_hash TEXT,
    is_moderator  BOOLEAN NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE auth_sessions (
    token_hash TEXT PRIMARY KEY,
    person_id  BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX auth_sessions_person ON auth_sessions(person_id);

CREATE TABLE camps (
    id                 BLOB PRIMARY KEY,
    slug               TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 3 AND 40),
    name               TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description        TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    time_zone          TEXT NOT NULL,
    self_service_slots BOOLEAN NOT NULL DEFAULT 0,
    schedule_public    BOOLEAN NOT NULL DEFAULT 0,
    email_domains      TEXT NOT NULL DEFAULT '',
    invite_token       TEXT NOT NULL UNIQUE,
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TEXT NOT NULL
);

CREATE TABLE camp_days (
    id      BLOB PRIMARY KEY,
    camp_id BLOB NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    day     TEXT NOT NULL,
    UNIQUE (camp_id, day)
);

CREATE TABLE slots (
    id        BLOB PRIMARY KEY,
    camp_id   BLOB NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    day_id    BLOB NOT NULL REFERENCES camp_days(id) ON DELETE CASCADE,
    starts_at TEXT NOT NULL,
    ends_at   TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX slots_day ON slots(day_id, starts_at);

-- Slots of one day never overlap: the database refuses it even if a service forgets.
CREATE TRIGGER slots_no_overlap_insert BEFORE INSERT ON slots
WHEN EXISTS (SELECT 1 FROM slots s WHERE s.day_id = NEW.day_id
             AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at)
BEGIN SELECT RAISE(ABORT, 'slot_overlap'); END;

CREATE TRIGGER slots_no_overlap_update BEFORE UPDATE ON slots
WHEN EXISTS (SELECT 1 FROM slots s WHERE s.day_id = NEW.day_id AND s.id <> NEW.id
             AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at)
BEGIN SELECT RAISE(ABORT, 'slot_overlap'); END;

CREATE TABLE rooms (
    id        BLOB PRIMARY KEY,
    camp_id   BLOB NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    video_url TEXT NOT NULL CHECK (video_url LIKE 'http://%' OR video_url LIKE 'https://%'),
    capacity  INTEGER NOT NULL CHECK (capacity > 0),
    position  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (camp_id, name)
);

CREATE TABLE memberships (
    camp_id    BLOB NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    person_id  BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('moderator', 'participant')),
    email      TEXT,
    joined_at  TEXT NOT NULL,
    removed_at TEXT,
    PRIMARY KEY (camp_id, person_id)
);
CREATE INDEX memberships_person ON memberships(person_id);

CREATE TABLE sessions (
    id           BLOB PRIMARY KEY,
    camp_id      BLOB NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    description  TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    format       TEXT NOT NULL CHECK (format IN ('talk', 'discussion', 'workshop', 'question', 'other')),
    length_slots INTEGER NOT NULL DEFAULT 1 CHECK (length_slots BETWEEN 1 AND 2),
    withdrawn    BOOLEAN NOT NULL DEFAULT 0,
    hidden       BOOLEAN NOT NULL DEFAULT 0,
    created_by   BLOB NOT NULL REFERENCES people(id),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX sessions_camp ON sessions(camp_id, created_at);

CREATE TABLE session_hosts (
    session_id BLOB NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id  BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, person_id)
);

CREATE TABLE session_tags (
    session_id BLOB NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    tag        TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
    PRIMARY KEY (session_id, tag)
);

-- One interest mark per person and session: the primary key makes a second one impossible.
CREATE TABLE votes (
    session_id BLOB NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id  BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    camp_id    BLOB NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX votes_person ON votes(camp_id, person_id);

-- A placement covers one cell; a two-slot session has two rows. One session per room and slot.
CREATE TABLE placements (
    camp_id    BLOB NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    session_id BLOB NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    room_id    BLOB NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    slot_id    BLOB NOT NULL REFERENCES slots(id) ON DELETE CASCADE,
    pinned     BOOLEAN NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, slot_id),
    UNIQUE (room_id, slot_id)
);

CREATE TABLE grids (
    camp_id           BLOB PRIMARY KEY REFERENCES camps(id) ON DELETE CASCADE,
    version           INTEGER NOT NULL DEFAULT 0,
    published_version INTEGER,
    locked            BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    camp_id  BLOB REFERENCES camps(id) ON DELETE CASCADE,
    actor_id BLOB REFERENCES people(id) ON DELETE SET NULL,
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL
);
CREATE INDEX audit_log_camp ON audit_log(camp_id, id);
