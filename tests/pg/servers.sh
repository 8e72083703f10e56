#!/usr/bin/env bash
# servers.sh - two "hazreg serve" processes on one PostgreSQL register: a
# record acknowledged by one (201 from POST /records) is answered by the
# other within a second (GET /risk/point finds the new hazardous area
# through its in-memory index), and a public report sent to one is
# followed on the other. Each server notices the other's commits at its
# next read (the store's version changes; its index catches up by log
# index). Run by ctest through tests/lib/pg-run.sh (HR_TEST_PG_CLUSTER).
. "$HR_SRC/tests/lib/common.sh"
. "$HR_SRC/tests/lib/http.sh"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
unset HAZREG_NOW # the new area must be in force now
cd "$HR_TEST_TMP"
db=$("$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" servers) || fail "no database"
H() { "$HAZREG" --db "$db" "$@"; }
H import "$HR_SRC/tests/cli/data/areas.geojson" >/dev/null || fail "import"
"$HAZREG" keys new --org "Demo NGO" >/dev/null 2>&1 || fail "keys new"
H keys register --org "Demo NGO" Demo-NGO.pub >/dev/null || fail "keys register"
H token new --json --role reporter --org "Demo NGO" 2>/dev/null >tok.json || fail "token new"
tok=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' tok.json)
serve_start a "$db" --no-web || finish
serve_start b "$db" --no-web || finish

point="lon=35.5005&lat=47.5005"
count() { get "$1/risk/point?$point" "$2" >/dev/null && sed -n 's/.*"count":\([0-9]*\).*/\1/p' "$2"; }
[ "$(count "$b_url" b0.json)" = 0 ] && ok "server b: no area at the place yet" ||
	fail "server b before: $(cat b0.json)"

printf '{"type":"Feature","id":"NGO-HA-NEW","properties":{"kind":"area","org":"Demo NGO","date_of_information":"2025-06-01","classification":"SHA","status":"open"},"geometry":{"type":"Polygon","coordinates":[[[35.5,47.5],[35.501,47.5],[35.501,47.501],[35.5,47.501],[35.5,47.5]]]}}\n' >area.json
"$HAZREG" sign --key Demo-NGO.key area.json -o area.signed 2>/dev/null || fail "sign"
code=$(curl -s -o post.json -w '%{http_code}' -H "Authorization: Bearer $tok" \
	-H 'Content-Type: application/geo+json' --data-binary "$(sed -n 2p area.signed)" "$a_url/records")
t0=$(date +%s%N)
[ "$code" = 201 ] && ok "server a acknowledged the record: $(cut -c1-40 post.json)..." ||
	fail "POST /records to a: $code $(cat post.json)"
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
serve_stop a
serve_stop b
finish
