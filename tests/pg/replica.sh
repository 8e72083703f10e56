#!/usr/bin/env bash
# replica.sh - "hazreg serve" reading from a streaming-replication standby
# and writing to its primary (--db PRIMARY --db-read STANDBY), on a primary
# and a standby of its own (scripts/pg-cluster start / standby, removed
# at the end): a server answers a POST and its next answer, read from the
# standby, holds the record; a second server that reads only from the
# standby has it in its index within a second, before anyone asks it;
# a server given the standby alone follows it by reading hr_head; and
# the reads are the standby's: with the primary stopped, they still answer.
# Run by ctest through tests/lib/pg-run.sh (skipped without PostgreSQL).
. "$HR_SRC/tests/lib/common.sh"
. "$HR_SRC/tests/lib/http.sh"
. "$HR_SRC/tests/lib/serve-log.sh"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
unset HAZREG_NOW # the new area must be in force now
cd "$HR_TEST_TMP"
cluster="$HR_SRC/scripts/pg-cluster"
# short paths: a unix socket's path is at most 107 bytes
pr=$(mktemp -d /tmp/hazreg-primary.XXXXXX)
sb=$(mktemp -d /tmp/hazreg-standby.XXXXXX)
trap 'serve_cleanup; "$cluster" stop "$sb"; "$cluster" stop "$pr"' EXIT
"$cluster" start "$pr" >/dev/null || { fail "cannot start the primary" && finish; }
P=$("$cluster" db "$pr" replica) || fail "no database"
H() { "$HAZREG" --db "$P" "$@"; }
H import "$HR_SRC/tests/cli/data/areas.geojson" >/dev/null || fail "import"
"$HAZREG" keys new --org "Demo NGO" >/dev/null 2>&1 || fail "keys new"
H keys register --org "Demo NGO" Demo-NGO.pub >/dev/null || fail "keys register"
H token new --json --role reporter --org "Demo NGO" 2>/dev/null >tok.json || fail "token new"
tok=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' tok.json)
"$cluster" standby "$sb" "$pr" >/dev/null || { fail "cannot start the standby" && finish; }
S=$("$cluster" url "$sb" replica)
sql() { "${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -A -t -q -d "$1" -c "$2"; }
[ "$(sql "$S" "SELECT pg_is_in_recovery()")" = t ] && ok "the standby is in recovery" ||
	fail "the standby is not a standby"
# the standby applies each commit 300 ms late: an answer that did not wait
# for it would miss the record just acknowledged
sql "$S" "ALTER SYSTEM SET recovery_min_apply_delay = '300ms'" >/dev/null &&
	sql "$S" "SELECT pg_reload_conf()" >/dev/null || fail "recovery_min_apply_delay"

count() { get "$1/risk/point?$2" "$3" >/dev/null && sed -n 's/.*"count":\([0-9]*\).*/\1/p' "$3"; }

serve_start a "$P" --no-web --db-read "$S" || finish
serve_start b "$P" --no-web --db-read "$S" || finish
serve_start c "$S" --no-web || finish
point="lon=35.5005&lat=47.5005"
[ "$(count "$a_url" "$point" a0.json)" = 0 ] || fail "server a before: $(cat a0.json)"

printf '{"type":"Feature","id":"NGO-HA-REP","properties":{"kind":"area","org":"Demo NGO","date_of_information":"2025-06-01","classification":"SHA","status":"open"},"geometry":{"type":"Polygon","coordinates":[[[35.5,47.5],[35.501,47.5],[35.501,47.501],[35.5,47.501],[35.5,47.5]]]}}\n' >area.json
"$HAZREG" sign --key Demo-NGO.key area.json -o area.signed 2>/dev/null || fail "sign"
nb=$(requests b)
nc=$(requests c)
code=$(curl -s -o post.json -w '%{http_code}' -H "Authorization: Bearer $tok" \
	-H 'Content-Type: application/geo+json' --data-binary "$(sed -n 2p area.signed)" "$a_url/records")
[ "$code" = 201 ] && ok "server a wrote the record to the primary: $(cut -c1-40 post.json)..." ||
	fail "POST /records to a: $code $(cat post.json)"
# (only said: a slow machine may take longer than the delay to get here)
[ "$(sql "$S" "SELECT count(*) FROM hazardous_areas WHERE area_id = 'NGO-HA-REP'")" = 0 ] &&
	ok "the standby has not applied it yet" || echo "note: the standby applied it already"
[ "$(count "$a_url" "$point" a1.json)" = 1 ] && grep -q '"area_id":"NGO-HA-REP"' a1.json &&
	ok "server a's next answer, read from the standby, holds it (a waited for the standby)" ||
	fail "server a's answer after its 201 lacks the record: $(cat a1.json)"
idx=$(sed -n 's/.*"index":\([0-9]*\).*/\1/p' post.json)
ms=$(index_at b $((idx + 1))) && [ "$ms" -lt 1000 ] &&
	ok "server b (reading from the standby) holds it in its index ${ms} ms later, unasked" ||
	fail "server b's index did not reach log size $((idx + 1)): $(cat b.log)"
[ "$(requests b)" = "$nb" ] || fail "server b was asked something meanwhile"
ms=$(index_at c $((idx + 1))) &&
	ok "server c (given the standby alone) holds it in its index ${ms} ms later, unasked" ||
	fail "server c's index did not reach log size $((idx + 1)): $(cat c.log)"
[ "$(requests c)" = "$nc" ] || fail "server c was asked something meanwhile"
[ "$(count "$b_url" "$point" b1.json)" = 1 ] && ok "server b answers with it" ||
	fail "server b: $(cat b1.json)"
grep -q '"event":"listening"' b.log && ! grep -q '"event":"listener"' b.log ||
	fail "server b's listener: $(cat b.log)"

# the readers' sessions are on the standby, and the primary's only the
# listener's and the writer's
n=$(sql "$S" "SELECT count(*) FROM pg_stat_activity WHERE datname = 'replica'")
[ "$n" -ge 3 ] && ok "the standby serves $n sessions of the servers" ||
	fail "the standby has $n sessions of the servers"

"$cluster" halt "$pr" || fail "cannot stop the primary"
for s in a b c; do
	u=${s}_url
	[ "$(count "${!u}" "$point" "$s"2.json)" = 1 ] || fail "server $s with the primary stopped: $(cat "$s"2.json)"
done
[ "$(get "$a_url/areas/NGO-HA-REP/history" hist.json)" = 200 ] &&
	ok "with the primary stopped, the three servers still answer from the standby" ||
	fail "GET history on a with the primary stopped: $(cat hist.json)"
code=$(curl -s -o post2.json -w '%{http_code}' -H "Authorization: Bearer $tok" \
	-H 'Content-Type: application/geo+json' --data-binary "$(sed -n 2p area.signed)" "$a_url/records")
[ "$code" -ge 500 ] && ok "a write with the primary stopped is refused ($code), not taken by the standby" ||
	fail "POST with the primary stopped: $code $(cat post2.json)"
serve_stop a
serve_stop b
serve_stop c
finish
