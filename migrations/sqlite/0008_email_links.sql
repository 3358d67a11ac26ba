-- Work addresses confirmed by e-mail. A camp that allows only some e-mail domains sends a
-- link to the address typed at joining; until it is opened and confirmed (by POST: mail
-- scanners follow GET links) the person is no member. Only the token's hash is kept, a link
-- works once and until expires_at.
CREATE TABLE email_links (
    token_hash   TEXT PRIMARY KEY,
    camp_id      BLOB NOT NULL REFERENCES camps(id) ON DELETE CASCADE,
    email        TEXT NOT NULL CHECK (length(email) <= 254),
    display_name TEXT NOT NULL CHECK (length(display_name) <= 80),
    -- The person the requesting browser was signed in as: only they may confirm the link
    -- as themselves (anyone else who opens it joins as a new person).
    requested_by BLOB REFERENCES people(id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX email_links_expiry ON email_links(expires_at);

-- A membership's address is verified once its link was confirmed; one verified address is
-- one member, so opening another link for it signs that member in instead of adding one.
ALTER TABLE memberships ADD COLUMN email_verified_at TEXT;
CREATE UNIQUE INDEX memberships_verified_email ON memberships(camp_id, email)
    WHERE email_verified_at IS NOT NULL;
