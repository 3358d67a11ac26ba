-- A sign-in is a `SignIn` in the code; the table says so too ("session" means a barcamp
-- session). SQLite renames the table and moves its foreign keys along; an index cannot be
-- renamed, so it is made again under the new name.
ALTER TABLE auth_sessions RENAME TO sign_ins;
DROP INDEX auth_sessions_person;
CREATE INDEX sign_ins_person ON sign_ins(person_id);
