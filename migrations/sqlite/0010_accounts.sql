-- Accounts: what moderators need for ASVS 5.0 level 2, and the second device of anyone.
--
-- A sign-in remembers when it was last used (an account with a password is signed out after
-- 12 hours without use) and a coarse device label ("Firefox · Windows") for the list of one's
-- own sign-ins; the full User-Agent is not kept.
ALTER TABLE sign_ins ADD COLUMN last_seen_at TEXT;
ALTER TABLE sign_ins ADD COLUMN device TEXT NOT NULL DEFAULT '' CHECK (length(device) <= 60);
UPDATE sign_ins SET last_seen_at = created_at;

-- TOTP (RFC 6238): the secret while it is being set up, the secret once confirmed, and the
-- last time step used, so that a code works only once.
ALTER TABLE people ADD COLUMN totp_pending TEXT;
ALTER TABLE people ADD COLUMN totp_secret TEXT;
ALTER TABLE people ADD COLUMN totp_last_step INTEGER;

-- Wrong second-factor codes in a row, and until when codes are refused after too many: kept
-- in the database, so that a restart does not reset the count.
ALTER TABLE people ADD COLUMN totp_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN totp_locked_until TEXT;

-- Recovery codes for a lost second factor, shown once; only their hashes are kept.
CREATE TABLE recovery_codes (
    person_id BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    PRIMARY KEY (person_id, code_hash)
);

-- One-time tokens of a person: a mailed password-reset link, or the code shown on one device
-- to sign in on another. Hash only, one use, until expires_at.
CREATE TABLE person_tokens (
    token_hash TEXT PRIMARY KEY,
    person_id  BLOB NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('password_reset', 'device')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX person_tokens_person ON person_tokens(person_id);
