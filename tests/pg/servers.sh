#!/usr/bin/env bash
# servers.sh - two "hazreg serve" processes on one PostgreSQL register: a
# record acknowledged by one (201 from POST /records) is answered by the
# other within a second (GET /risk/point finds the new hazardous area
# through its in-memory index), and a public report sent to one is
# followed on the other. Each server listens for the register's commits
# (LISTEN/NOTIFY): an idle server's index holds the record before any
# request reaches it (its log says so: {"event":"index",...,"log_size":N}),
# also after its listening connection was cut and made again. Run by ctest
# through tests/lib/pg-run.sh (HR_TEST_PG_CLUSTER).
. "$HR_SRC/tests/lib/common.sh"
. "$HR_SRC/tests/lib/http.sh"
. "$HR_SRC/tests/lib/serve-log.sh"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
unset HAZREG_NOW # the new area must be in force now
cd "$HR_TEST_TMP"
db=$("$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" servers) || fail "no database"
H() { "$HAZREG" --db "$db" "$@"; }
sql() { "${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -A -t -q -d "$db" -c "$1"; }
H import "$HR_SRC/tests/cli/data/areas.geojson" >/dev/null || fail "import"
"$HAZREG" keys new --org "Demo NGO" >/dev/null 2>&1 || fail "keys new"
H keys register --org "Demo NGO" Demo-NGO.pub >/dev/null || fail "keys register"
H token new --json --role reporter --org "Demo NGO" 2>/dev/null >tok.json || fail "token new"
tok=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' tok.json)
serve_start a "$db" --no-web || finish
serve_start b "$db" --no-web || finish
size0=$(H log root | sed -n "s/^size: //p")
[ -n "$size0" ] || fail "hazreg log root"
ms=$(index_at b "$size0") && ok "server b's listener built its index at log size $size0 (${ms} ms)" ||
	fail "server b's log shows no index at log size $size0: $(cat b.log)"
grep -q '"event":"listening"' b.log || fail "server b's log does not say it listens: $(cat b.log)"

point="lon=35.5005&lat=47.5005"
count() { get "$1/risk/point?$point" "$2" >/dev/null && sed -n 's/.*"count":\([0-9]*\).*/\1/p' "$2"; }
[ "$(count "$b_url" b0.json)" = 0 ] && ok "server b: no area at the place yet" ||
	fail "server b before: $(cat b0.json)"
[ "$(count "$a_url" a0.json)" = 0 ] || fail "server a before: $(cat a0.json)"

nb=$(requests b)
printf '{"type":"Feature","id":"NGO-HA-NEW","properties":{"kind":"area","org":"Demo NGO","date_of_information":"2025-06-01","classification":"SHA","status":"open"},"geometry":{"type":"Polygon","coordinates":[[[35.5,47.5],[35.501,47.5],[35.501,47.501],[35.5,47.501],[35.5,47.5]]]}}\n' >area.json
"$HAZREG" sign --key Demo-NGO.key area.json -o area.signed 2>/dev/null || fail "sign"
code=$(curl -s -o post.json -w '%{http_code}' -H "Authorization: Bearer $tok" \
	-H 'Content-Type: application/geo+json' --data-binary "$(sed -n 2p area.signed)" "$a_url/records")
t0=$(date +%s%N)
[ "$code" = 201 ] && ok "server a acknowledged the record: $(cut -c1-40 post.json)..." ||
	fail "POST /records to a: $code $(cat post.json)"
# read-your-writes: a's very next answer holds what it acknowledged
[ "$(count "$a_url" a1.json)" = 1 ] && ok "server a's next answer holds the record it acknowledged" ||
	fail "server a's answer right after its 201 lacks the record: $(cat a1.json)"
idx=$(sed -n 's/.*"index":\([0-9]*\).*/\1/p' post.json)
[ -n "$idx" ] || fail "no index in a's answer: $(cat post.json)"
# b, asked nothing since, catches up by itself
ms=$(index_at b $((idx + 1))) &&
	ok "idle server b's index holds the record (log size $((idx + 1))) ${ms} ms after a acknowledged it" ||
	fail "idle server b's index did not reach log size $((idx + 1)): $(cat b.log)"
[ "$(requests b)" = "$nb" ] || fail "server b was asked something meanwhile: $(cat b.log)"
seen=""
for ((i = 0; i < 40; i++)); do
	if [ "$(count "$b_url" b1.json)" = 1 ]; then
		seen=$((($(date +%s%N) - t0) / 1000000))
		break
	fi
	sleep 0.025
done
[ -n "$seen" ] && [ "$seen" -lt 1000 ] && ok "server b answers with the new area ${seen} ms after a acknowledged it" ||
	fail "server b did not see the new area within a second: $(cat b1.json)"
grep -q '"area_id":"NGO-HA-NEW"' b1.json || fail "server b's answer lacks the area: $(cat b1.json)"

code=$(post "$b_url/reports" '{"lon": 35.6, "lat": 47.6, "description": "a metal object by the road"}' rep.json)
id=$(sed -n 's/.*"id":"\([a-z0-9]*\)".*/\1/p' rep.json)
[ "$code" = 201 ] && [ -n "$id" ] || fail "POST /reports to b: $code $(cat rep.json)"
[ "$(get "$a_url/reports/$id" follow.json)" = 200 ] && grep -q '"status":"received"' follow.json &&
	ok "a report sent to b is followed on a" || fail "GET /reports/$id on a: $(cat follow.json)"

# the listening connection cut: b listens again, and misses nothing
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hazreg listener' AND datname = current_database()" >/dev/null ||
	fail "pg_terminate_backend"
for ((i = 0; i < 500; i++)); do
	[ "$(grep -c '"event":"listening"' b.log)" -ge 2 ] && break
	sleep 0.01
done
grep -q '"event":"listener","error":"listening: .*lost' b.log &&
	[ "$(grep -c '"event":"listening"' b.log)" -ge 2 ] &&
	ok "server b noticed its listening connection lost and listens again" ||
	fail "server b did not listen again: $(cat b.log)"
sed 's/NGO-HA-NEW/NGO-HA-AFTER/; s/35\.5\([,0-9]\)/35.6\1/g; s/35\.501/35.601/g' area.json >after.json
"$HAZREG" sign --key Demo-NGO.key after.json -o after.signed 2>/dev/null || fail "sign"
size1=$(H log root | sed -n "s/^size: //p")
nb=$(requests b)
H import after.signed >/dev/null || fail "import after the cut"
ms=$(index_at b $((size1 + 1))) &&
	ok "after listening again, b's index holds a record imported by another process (${ms} ms)" ||
	fail "b's index did not reach log size $((size1 + 1)) after the cut: $(cat b.log)"
[ "$(requests b)" = "$nb" ] || fail "server b was asked something meanwhile: $(cat b.log)"
[ "$(get "$b_url/risk/point?lon=35.6005&lat=47.5005" b2.json)" = 200 ] &&
	grep -q '"area_id":"NGO-HA-AFTER"' b2.json && ok "server b answers with that record" ||
	fail "server b's answer lacks NGO-HA-AFTER: $(cat b2.json)"
serve_stop a
serve_stop b
finish
