-- Invite links are no longer stored (see app/src/server/invites.rs): a camp's link token is
-- derived from the server's key and the camp's link generation, which "new link" raises. The
-- column that held the token keeps, for a link made before this migration, only its hash
-- ("sha256:…", written by the server when it starts, since SQL cannot compute it here), which
-- admits until the link is regenerated; otherwise it holds "none:<camp id>".
ALTER TABLE camps RENAME COLUMN invite_token TO invite_legacy;
ALTER TABLE camps ADD COLUMN invite_generation INTEGER NOT NULL DEFAULT 1;
