#!/usr/bin/env bash
# store.sh - what the PostgreSQL store promises beyond the shared suite:
# clear errors that name the database but never its password (server
# unreachable, no PostGIS, no register, a schema newer than this build);
# a server reconnects when its sessions are ended between transactions;
# the log, private values and checkpoints refuse UPDATE, DELETE and
# TRUNCATE; the schema version is recorded; layers are PostGIS tables with
# typed geometry columns and GiST indexes that GDAL lists (ogrinfo).
# Run by ctest through tests/lib/pg-run.sh (HR_TEST_PG_CLUSTER).
. "$HR_SRC/tests/lib/common.sh"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
cd "$HR_TEST_TMP"
cluster() { "$HR_SRC/scripts/pg-cluster" "$1" "$HR_TEST_PG_CLUSTER" "$2"; }
db=$(cluster db store) || fail "no database"
sql() { "$pgbin/psql" -X -A -t -q -d "$1" -c "$2"; }
sock=$HR_TEST_PG_CLUSTER/sock

# ---- errors ---------------------------------------------------------------
"$HAZREG" --db "postgresql://someone:s3cret-word@127.0.0.1:1/regdb" init >out.txt 2>&1 &&
	fail "init on an unreachable server succeeded"
grep -q 's3cret-word' out.txt && fail "the password shows: $(cat out.txt)" ||
	ok "unreachable server: no password in the message"
grep -q 'PostgreSQL database "regdb" on 127.0.0.1 port 1 as someone' out.txt &&
	grep -q 'Connection refused' out.txt && ok "unreachable server: database and reason named" ||
	fail "unreachable server: $(cat out.txt)"

"$HAZREG" --db "$db" query point 30 50 >out.txt 2>&1 && fail "query on an empty database"
grep -q 'holds no hazreg register' out.txt && ok "no register: said so" || fail "no register: $(cat out.txt)"

plain=$(cluster db store_plain) || fail "no database"
sql "$plain" "DROP EXTENSION postgis; DO \$\$ BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hr_plain') THEN CREATE ROLE hr_plain LOGIN; END IF;
	END \$\$; ALTER DATABASE store_plain OWNER TO hr_plain" || fail "making a database without PostGIS"
"$HAZREG" --db "postgresql:///store_plain?host=$sock&user=hr_plain" init >out.txt 2>&1 &&
	fail "init without PostGIS, as a user who cannot make it, succeeded"
grep -q 'has no PostGIS extension and it cannot be made: permission denied' out.txt &&
	ok "no PostGIS: said so, with the server's reason" || fail "no PostGIS: $(cat out.txt)"

# ---- schema and append-only -------------------------------------------------
"$HAZREG" --db "$db" import "$HR_SRC/tests/cli/data/areas.geojson" \
	"$HR_SRC/tests/cli/data/accident.geojson" >/dev/null || fail "import"
[ "$(sql "$db" "SELECT max(version) FROM hr_schema_version")" = 3 ] && ok "schema version 3 recorded" ||
	fail "schema version: $(sql "$db" "SELECT * FROM hr_schema_version")"
"$HAZREG" --db "$db" keys new --org auditor >/dev/null 2>&1 || fail "keys new"
"$HAZREG" --db "$db" log checkpoint --key auditor.key -o cp.txt >/dev/null || fail "checkpoint"
for t in hr_log hr_private hr_checkpoint; do
	for stmt in "UPDATE $t SET idx = idx" "DELETE FROM $t" "TRUNCATE $t"; do
		[ "$t" != hr_checkpoint ] || stmt=${stmt/idx = idx/seq = seq}
		if sql "$db" "$stmt" >/dev/null 2>err.txt; then
			fail "$stmt was allowed"
		elif grep -q "append-only" err.txt; then
			ok "$stmt refused: $(head -1 err.txt)"
		else
			fail "$stmt: $(cat err.txt)"
		fi
	done
done
n=$(sql "$db" "SELECT count(*) FROM hr_log")
sql "$db" "INSERT INTO hr_log SELECT idx + 5, kind, subject, area_ref, doi, appended, bytes, leaf FROM hr_log WHERE idx = 0" 2>err.txt &&
	fail "a gap in the log was allowed" || { grep -q "idx must equal the log size" err.txt &&
	ok "a gap refused: $(head -1 err.txt)" || fail "a gap: $(cat err.txt)"; }
# a temporary table of the session named hr_log cannot stand in for the log
sql "$db" "CREATE TEMP TABLE hr_log (idx bigint); INSERT INTO pg_temp.hr_log VALUES ($n + 4);
	INSERT INTO public.hr_log SELECT $n + 5, kind, subject, area_ref, doi, appended, bytes, leaf FROM public.hr_log WHERE idx = 0" 2>err.txt &&
	fail "a gap in the log was allowed behind a temporary table" ||
	{ grep -q "idx must equal the log size" err.txt && ok "a gap behind a temporary hr_log refused" ||
		fail "temporary hr_log: $(cat err.txt)"; }
"$HAZREG" --db "$db" check >/dev/null && ok "still consistent" || fail "check after refused changes"

gist=$(sql "$db" "SELECT count(*) FROM pg_indexes WHERE indexdef LIKE '%USING gist (geom)%'")
[ "$gist" -ge 5 ] && ok "GiST indexes on the $gist geometry columns" || fail "GiST indexes: $gist"
[ "$(sql "$db" "SELECT type || ' ' || srid FROM geometry_columns WHERE f_table_name = 'hazardous_areas'")" = "MULTIPOLYGON 4326" ] &&
	ok "hazardous_areas: geometry(MULTIPOLYGON, 4326)" || fail "hazardous_areas geometry column"
[ "$(sql "$db" "SELECT data_type FROM information_schema.columns WHERE table_name = 'hazardous_areas' AND column_name = 'hazard_from'")" = "timestamp with time zone" ] &&
	ok "times are timestamptz" || fail "hazard_from is not timestamptz"
if command -v ogrinfo >/dev/null; then
	ogrinfo -ro -q "PG:dbname=store host=$sock user=postgres" >ogr.txt 2>&1
	for l in hazardous_areas release_parts eo_items accidents eore_sessions; do
		grep -q ": $l (" ogr.txt || fail "ogrinfo does not list $l: $(cat ogr.txt)"
	done
	ok "ogrinfo lists the layers: $(grep -c ': ' ogr.txt)"
	ogrinfo -ro -q "PG:dbname=store host=$sock user=postgres" hazardous_areas -where "area_id = 'DEMO-HA-001'" |
		grep -q "MULTIPOLYGON" && ok "GDAL reads a hazardous area's polygon" || fail "GDAL reading hazardous_areas"
else
	fail "ogrinfo (gdal-bin) is missing: run scripts/bootstrap"
fi
[ -n "$n" ] || fail "log count"

# ---- a server whose connections are ended (a restart, an administrator) -------
. "$HR_SRC/tests/lib/http.sh"
serve_start srv "$db" --no-web || fail "serve"
q() { get "$srv_url/risk/point?lon=36.08&lat=49.08" "$1"; }
[ "$(q before.json)" = 200 ] || fail "risk/point before: $(cat before.json)"
sql "$db" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'store' AND pid <> pg_backend_pid()" >/dev/null
for k in 1 2 3; do
	st=$(q after$k.json)
	[ "$st" = 200 ] || fail "risk/point after the server ended the sessions: $st $(cat after$k.json)"
done
cmp -s <(sed 's/"at":"[^"]*"//' before.json) <(sed 's/"at":"[^"]*"//' after3.json) &&
	ok "the server connects again and answers the same after its sessions were ended" ||
	fail "answers differ after reconnecting"
serve_stop srv

# ---- a schema newer than this build ------------------------------------------
sql "$db" "INSERT INTO hr_schema_version (version, description) VALUES (99, 'from the future')"
"$HAZREG" --db "$db" query point 30 50 >out.txt 2>&1 && fail "a newer schema was opened"
grep -q 'schema version 99; this build knows up to version 3' out.txt && ok "newer schema refused" ||
	fail "newer schema: $(cat out.txt)"
finish
