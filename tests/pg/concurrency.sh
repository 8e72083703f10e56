#!/usr/bin/env bash
# concurrency.sh - 8 writer processes x 1,000 records appended at once to
# one PostgreSQL register (pg_writers.c), and meanwhile two writers that
# fail while they hold the write lock: one killed with SIGKILL in the
# middle of its transaction, one whose session the server ends (its
# transaction rolls back, and it appends its 1,000 records afterwards).
# Then the log checked in SQL (no gap, no duplicate index, nothing of the
# rolled-back transactions) and by "hazreg verify" against a checkpoint
# signed afterwards. Run by ctest through tests/lib/pg-run.sh, which gives
# HR_TEST_PG_CLUSTER. HR_PG_WRITERS / HR_PG_RECORDS change the load.
. "$HR_SRC/tests/lib/common.sh"
: "${PG_WRITERS:?PG_WRITERS must name the pg_writers program}"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
unset HAZREG_NOW # appended times are real here
writers=${HR_PG_WRITERS:-8}
records=${HR_PG_RECORDS:-1000}
db=$("$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" concurrency) || {
	echo "FAIL: no fresh database"
	exit 1
}
cd "$HR_TEST_TMP"
"$PG_WRITERS" "$db" "$writers" "$records" --faults || fail "pg_writers"

sql() {
	"${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -A -t -q -d "$db" -c "$1"
}
want=$((4 + (writers + 1) * records)) # the catalogue, the writers and F
got=$(sql "SELECT count(*) || ' ' || count(DISTINCT idx) || ' ' || min(idx) || ' ' || max(idx) FROM hr_log")
[ "$got" = "$want $want 0 $((want - 1))" ] && ok "log: $want entries, indexes 0..$((want - 1)) once each" ||
	fail "log: count, distinct, min, max = $got; expected $want $want 0 $((want - 1))"
undone=$(sql "SELECT count(*) FROM hr_log WHERE subject LIKE 'K-%' OR subject LIKE 'F-%'")
[ "$undone" = 0 ] && ok "nothing of the rolled-back transactions" || fail "$undone entries of rolled-back transactions"
gaps=$(sql "SELECT count(*) FROM (SELECT idx - lag(idx) OVER (ORDER BY idx) AS d FROM hr_log) s WHERE d <> 1")
[ "$gaps" = 0 ] && ok "no gap" || fail "$gaps gaps in the log"

"$HAZREG" --db "$db" keys new --org auditor >/dev/null 2>&1 || fail "keys new"
"$HAZREG" --db "$db" log checkpoint --key auditor.key -o cp.txt >/dev/null || fail "checkpoint"
"$HAZREG" --db "$db" verify --key auditor.pub --checkpoint cp.txt >verify.txt 2>&1 &&
	ok "hazreg verify: $(head -1 verify.txt)" || {
	cat verify.txt
	fail "hazreg verify"
}
finish
