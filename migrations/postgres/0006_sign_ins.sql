-- A sign-in is a `SignIn` in the code; the table says so too ("session" means a barcamp
-- session).
ALTER TABLE auth_sessions RENAME TO sign_ins;
ALTER INDEX auth_sessions_person RENAME TO sign_ins_person;
ALTER TABLE sign_ins RENAME CONSTRAINT auth_sessions_pkey TO sign_ins_pkey;
ALTER TABLE sign_ins RENAME CONSTRAINT auth_sessions_person_id_fkey TO sign_ins_person_id_fkey;
