-- Numbers each session's votes in the order they commit, so that live pages never show an
-- older count after a newer one; on PostgreSQL the update also makes concurrent votes on one
-- session wait for each other, so each reads an exact count.
-- Keep in step with migrations/postgres/0005_vote_version.sql.
ALTER TABLE sessions ADD COLUMN vote_version INTEGER NOT NULL DEFAULT 0;
