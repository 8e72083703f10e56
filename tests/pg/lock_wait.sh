#!/usr/bin/env bash
# lock_wait.sh - a POST to the server behind a long write does not hang:
# while another session holds the register's write lock (as a long import
# does), "hazreg serve" answers POST /reports with 503, Retry-After and a
# message saying the register is busy, once its bounded wait is over
# (SRV_WRITE_WAIT_S); an import started before the POST keeps waiting
# meanwhile and succeeds once the lock is released; the server then takes
# the report (201). Run by ctest through tests/lib/pg-run.sh.
. "$HR_SRC/tests/lib/common.sh"
. "$HR_SRC/tests/lib/http.sh"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
pgbin=${PG_BIN:-/usr/lib/postgresql/15/bin}
cd "$HR_TEST_TMP"
db=$("$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" lock_wait) || fail "no database"
sql() { "$pgbin/psql" -X -A -t -q -d "$db" -c "$1"; }
"$HAZREG" --db "$db" init >/dev/null || fail "init"
serve_start s "$db" --no-web || finish

# wait_for SQL VALUE : until the query answers VALUE (at most 30 s)
wait_for() {
	for ((i = 0; i < 600; i++)); do
		[ "$(sql "$1")" = "$2" ] && return 0
		sleep 0.05
	done
	return 1
}
# advisory locks are per database: other tests' registers in the cluster
# take the same key in theirs
advisory="SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND granted = "

# another session takes the write lock and keeps it until told
mkfifo hold.fifo
"$pgbin/psql" -X -q -d "$db" <hold.fifo >hold.out 2>&1 &
hold=$!
exec 3>hold.fifo
echo "BEGIN; SELECT pg_advisory_xact_lock(104017396754279);" >&3
wait_for "${advisory}true" 1 && ok "another session holds the write lock" || fail "no lock taken"

"$HAZREG" --db "$db" import "$HR_SRC/tests/cli/data/areas.geojson" >import.out 2>&1 &
imp=$!
wait_for "${advisory}false" 1 && ok "an import waits for the lock" || fail "the import does not wait"

code=$(curl -s --max-time 120 -D post.hdr -o post.json -w '%{http_code}' \
	-H 'Content-Type: application/json' \
	--data-binary '{"lon": 35.6, "lat": 47.6, "description": "a metal object by the road"}' \
	"$s_url/reports")
[ "$code" = 503 ] && ok "POST /reports behind the writer: 503" || fail "POST /reports: $code $(cat post.json)"
grep -qi '^Retry-After: 5' post.hdr && ok "with Retry-After: 5" || fail "no Retry-After: $(cat post.hdr)"
grep -q 'busy with another write' post.json && grep -q 'try again later' post.json &&
	ok "saying why: $(cut -c1-150 post.json)..." || fail "message: $(cat post.json)"
kill -0 "$imp" 2>/dev/null && ok "the import still waits (it has no bound)" ||
	fail "the import stopped waiting: $(cat import.out)"

echo "COMMIT;" >&3
exec 3>&-
wait "$hold" || fail "the holding session"
wait "$imp" && ok "the import succeeded once the lock was released: $(head -1 import.out)" ||
	fail "import: $(cat import.out)"
code=$(post "$s_url/reports" '{"lon": 35.6, "lat": 47.6, "description": "a metal object by the road"}' post2.json)
[ "$code" = 201 ] && ok "the server takes the report now: 201" || fail "POST /reports after: $code $(cat post2.json)"
serve_stop s
finish
