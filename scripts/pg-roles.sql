-- scripts/pg-roles.sql - give the role API servers run as what serving a
-- hazreg register on PostgreSQL needs, and nothing more.
--
--   psql -v ON_ERROR_STOP=1 -v server=ROLE -d DATABASE -f scripts/pg-roles.sql
--
-- Run it as the role that owns the register's tables (the administrators'
-- role that ran "hazreg init", and that alone runs "hazreg rebuild",
-- migrations and imports as it likes) or as a superuser, in the schema the
-- register lives in (the first of search_path), after "hazreg init" and
-- again after an upgrade that adds tables. ROLE must exist (CREATE ROLE
-- ... LOGIN). Running it twice is harmless.
--
-- The servers' role may then:
--   read every table (SELECT);
--   append to the log: INSERT on hr_log, hr_private and hr_checkpoint, no
--     UPDATE, DELETE or TRUNCATE (revoked from PUBLIC, and triggers refuse
--     them for everyone);
--   keep what derives from the log current as it appends: INSERT and
--     UPDATE on the derived layers, the Merkle tiles (hr_tile) and hr_meta,
--     UPDATE on hr_head (the version every commit adds one to), USAGE on
--     their sequences, never DELETE or TRUNCATE (only a rebuild clears
--     them: the administrators' role);
--   revoke an access token: UPDATE of the column "revoked" of hr_token,
--     nothing else of a token (a trigger allows it once);
-- and no DDL: it owns nothing and gets no CREATE on the schema.
\set ON_ERROR_STOP 1
SELECT set_config('hazreg.server_role', :'server', false);

DO $$
DECLARE
	srv text := quote_ident(current_setting('hazreg.server_role'));
	t text;
	seq text;
BEGIN
	IF to_regclass('hr_log') IS NULL THEN
		RAISE EXCEPTION 'no hazreg register in schema %: run "hazreg init" first',
			current_schema();
	END IF;
	-- the log and what lives beside it
	EXECUTE format('GRANT SELECT ON hr_schema_version, hr_meta, hr_head, hr_log, hr_private,'
		' hr_tile, hr_checkpoint, hr_token TO %s', srv);
	EXECUTE format('GRANT INSERT ON hr_log, hr_private, hr_checkpoint TO %s', srv);
	EXECUTE format('GRANT INSERT, UPDATE ON hr_meta, hr_tile TO %s', srv);
	EXECUTE format('GRANT UPDATE ON hr_head TO %s', srv);
	EXECUTE format('GRANT UPDATE (revoked) ON hr_token TO %s', srv);
	-- the derived layers (src/core/layers.c), those this register has
	FOREACH t IN ARRAY ARRAY['hazardous_areas', 'release_parts', 'eo_items', 'accidents',
	                         'eore_sessions', 'public_reports', 'device_classes', 'org_keys',
	                         'admin_areas',
	                         'hr_checkpoint']
	LOOP
		IF to_regclass(quote_ident(t)) IS NULL THEN
			CONTINUE;
		END IF;
		IF t <> 'hr_checkpoint' THEN
			EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO %s', t, srv);
		END IF;
		FOR seq IN SELECT pg_get_serial_sequence(quote_ident(t), a.attname)
		           FROM pg_attribute a
		           WHERE a.attrelid = to_regclass(quote_ident(t)) AND a.attnum > 0
		             AND pg_get_serial_sequence(quote_ident(t), a.attname) IS NOT NULL
		LOOP
			EXECUTE format('GRANT USAGE ON SEQUENCE %s TO %s', seq, srv);
		END LOOP;
	END LOOP;
END $$;
