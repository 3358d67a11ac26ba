-- The first-start page needs the one-time token that `campgrid serve` prints while no
-- moderator exists (only its hash is kept). Creating the first moderator uses up all of them
-- in the same transaction, so two people racing for /setup cannot both win.
CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL
);
