-- Voting rules per camp (issue: pitch and vote). Keep in step with migrations/sqlite.
ALTER TABLE camps ADD COLUMN vote_budget BIGINT CHECK (vote_budget IS NULL OR vote_budget > 0);
ALTER TABLE camps ADD COLUMN voting_open BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE camps ADD COLUMN blind_voting BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE camps ADD COLUMN long_sessions BOOLEAN NOT NULL DEFAULT FALSE;
