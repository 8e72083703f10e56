#!/usr/bin/env bash
# roles.sh - the administrators' role owns a register's tables, the
# servers' role gets what serving needs (scripts/pg-roles.sql) and no
# more: a register made by an owner role (hazreg init, import, keys,
# tokens), the grants applied, then "hazreg serve" as the servers' role
# appends a signed record and a public report and answers with them; that
# role revokes a token, but is refused UPDATE and DELETE on the log,
# TRUNCATE, changing a token otherwise, clearing a layer (rebuild) and DDL.
# Run by ctest through tests/lib/pg-run.sh (HR_TEST_PG_CLUSTER).
. "$HR_SRC/tests/lib/common.sh"
. "$HR_SRC/tests/lib/http.sh"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
unset HAZREG_NOW # the new area must be in force now
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
sock=$HR_TEST_PG_CLUSTER/sock
cd "$HR_TEST_TMP"
"$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" roles >/dev/null || fail "no database"
su_sql() { "$pgbin/psql" -X -A -t -q -v ON_ERROR_STOP=1 -h "$sock" -U postgres -d roles -c "$1"; }
# the roles are the cluster's: made once, whatever ran before
su_sql "DO \$\$ BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hr_admins') THEN CREATE ROLE hr_admins LOGIN; END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hr_servers') THEN CREATE ROLE hr_servers LOGIN; END IF;
	END \$\$; GRANT CREATE ON SCHEMA public TO hr_admins" || fail "making the roles"
admin="postgresql:///roles?host=$sock&user=hr_admins"
server="postgresql:///roles?host=$sock&user=hr_servers"
A() { "$HAZREG" --db "$admin" "$@"; }

A import "$HR_SRC/tests/cli/data/areas.geojson" >/dev/null || fail "import as the administrators' role"
"$HAZREG" keys new --org "Demo NGO" >/dev/null 2>&1 || fail "keys new"
A keys register --org "Demo NGO" Demo-NGO.pub >/dev/null || fail "keys register"
A token new --json --role reporter --org "Demo NGO" 2>/dev/null >tok.json || fail "token new"
A token new --json --role analyst 2>/dev/null >tok2.json || fail "token new"
tok=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' tok.json)
id2=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' tok2.json)
owner=$(su_sql "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'hr_%' OR tablename = 'hazardous_areas'")
[ "$owner" = hr_admins ] && ok "the administrators' role owns the tables" || fail "owners: $owner"

"$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -v server=hr_servers -h "$sock" -U hr_admins -d roles \
	-f "$HR_SRC/scripts/pg-roles.sql" >grant.out 2>&1 && ok "scripts/pg-roles.sql run by the owner" ||
	fail "pg-roles.sql: $(cat grant.out)"

# ---- serving as the servers' role -------------------------------------------
serve_start s "$server" --no-web || finish
printf '{"type":"Feature","id":"NGO-HA-ROLE","properties":{"kind":"area","org":"Demo NGO","date_of_information":"2025-06-01","classification":"SHA","status":"open"},"geometry":{"type":"Polygon","coordinates":[[[35.5,47.5],[35.501,47.5],[35.501,47.501],[35.5,47.501],[35.5,47.5]]]}}\n' >area.json
"$HAZREG" sign --key Demo-NGO.key area.json -o area.signed 2>/dev/null || fail "sign"
code=$(curl -s --max-time 60 -o post.json -w '%{http_code}' -H "Authorization: Bearer $tok" \
	-H 'Content-Type: application/geo+json' --data-binary "$(sed -n 2p area.signed)" "$s_url/records")
[ "$code" = 201 ] && ok "POST /records as the servers' role: 201" || fail "POST /records: $code $(cat post.json)"
code=$(post "$s_url/reports" '{"lon": 35.6, "lat": 47.6, "description": "a metal object by the road"}' rep.json)
[ "$code" = 201 ] && ok "POST /reports as the servers' role: 201" || fail "POST /reports: $code $(cat rep.json)"
[ "$(get "$s_url/risk/point?lon=35.5005&lat=47.5005" risk.json)" = 200 ] &&
	grep -q '"area_id":"NGO-HA-ROLE"' risk.json && ok "the server answers with the area it appended" ||
	fail "GET /risk/point: $(cat risk.json)"
serve_stop s
"$HAZREG" --db "$server" check >check.out 2>&1 && ok "check as the servers' role: $(tail -1 check.out)" ||
	fail "check: $(cat check.out)"
"$HAZREG" --db "$server" token revoke "$id2" >revoke.out 2>&1 &&
	ok "the servers' role revokes a token" || fail "token revoke: $(cat revoke.out)"

# ---- what the servers' role is refused -----------------------------------------
refused() { # what SQL
	if "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -U hr_servers -d roles -c "$2" >ref.out 2>&1; then
		fail "$1: allowed to the servers' role"
	elif grep -q 'permission denied\|must be owner' ref.out; then
		ok "$1: refused ($(grep -o 'permission denied[^"]*\|must be owner[^"]*' ref.out | head -1))"
	else
		fail "$1: failed for another reason: $(cat ref.out)"
	fi
}
refused "UPDATE hr_log" "UPDATE hr_log SET subject = 'x' WHERE idx = 0"
refused "DELETE FROM hr_log" "DELETE FROM hr_log WHERE idx = 0"
refused "TRUNCATE hr_log" "TRUNCATE hr_log"
refused "DELETE FROM hr_private" "DELETE FROM hr_private"
refused "a token's role changed" "UPDATE hr_token SET role = 3"
refused "DELETE FROM hazardous_areas" "DELETE FROM hazardous_areas"
refused "DELETE FROM hr_tile" "DELETE FROM hr_tile"
refused "CREATE TABLE" "CREATE TABLE hr_other (x int)"
refused "DROP TABLE hr_log" "DROP TABLE hr_log"
refused "ALTER TABLE hr_log" "ALTER TABLE hr_log DISABLE TRIGGER hr_log_no_change"
"$HAZREG" --db "$server" rebuild >rebuild.out 2>&1 && fail "rebuild allowed to the servers' role" ||
	{ grep -q 'permission denied' rebuild.out && ok "rebuild: refused, saying so" ||
		fail "rebuild: $(cat rebuild.out)"; }
A check >check.out 2>&1 && ok "the register is intact: $(tail -1 check.out)" || fail "check: $(cat check.out)"
finish
