#!/usr/bin/env bash
# migrate.sh - "hazreg migrate" from a GeoPackage into PostgreSQL and back
# into a new GeoPackage: the same tree head at each step, the same state
# digest, the same internal export (private values copied), the signed
# checkpoint still verifies, tokens kept; a destination that holds a
# register is refused; a copy then grows on its own; one not proven is
# refused at open. Run by ctest through
# tests/lib/pg-run.sh (HR_TEST_PG_CLUSTER).
. "$HR_SRC/tests/lib/common.sh"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
cd "$HR_TEST_TMP"
data=$HR_SRC/tests/cli/data
pg=$("$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" migrate) || fail "no database"
H() { "$HAZREG" "$@"; }
H --db a.gpkg import "$data/areas.geojson" "$data/release.geojson" "$data/item.geojson" \
	"$data/accident.geojson" "$data/eore.geojsons" >/dev/null || fail "import"
H keys new --org auditor >/dev/null 2>&1 || fail "keys new"
H --db a.gpkg log checkpoint --key auditor.key -o cp.txt >/dev/null || fail "checkpoint"
H --db a.gpkg token new --role analyst --org "Demo NGO" >/dev/null 2>&1 || fail "token new"
state() { # DB: tree head, digest, internal export, tokens
	H --db "$1" log root
	H --db "$1" digest
	H --db "$1" export --profile internal --layer accidents
	H --db "$1" token list
}
state a.gpkg >a.txt
H migrate a.gpkg "$pg" >m1.txt || fail "migrate a.gpkg to PostgreSQL: $(cat m1.txt)"
grep -q "the same in both" m1.txt && ok "gpkg -> pg: $(head -1 m1.txt | sed 's/ from .*//')" ||
	fail "migrate said: $(cat m1.txt)"
state "$pg" >pg.txt
cmp -s a.txt pg.txt && ok "PostgreSQL copy: same tree head, digest, private values, tokens" ||
	fail "PostgreSQL copy differs: $(diff a.txt pg.txt | head -10)"
H migrate "$pg" b.gpkg >m2.txt || fail "migrate PostgreSQL to b.gpkg: $(cat m2.txt)"
state b.gpkg >b.txt
cmp -s a.txt b.txt && ok "pg -> gpkg: the round trip holds what the original held" ||
	fail "round trip differs: $(diff a.txt b.txt | head -10)"
for db in "$pg" b.gpkg; do
	H --db "$db" verify --key auditor.pub --checkpoint cp.txt >v.txt 2>&1 &&
		ok "the checkpoint signed on a.gpkg verifies on the copy ($(sed -n 1p v.txt | cut -c1-40)...)" ||
		fail "verify on the copy: $(cat v.txt)"
	H --db "$db" check >/dev/null || fail "check on the copy"
done
if H migrate a.gpkg "$pg" >m3.txt 2>&1; then
	fail "migrate into a database that holds a register succeeded"
else
	grep -q "there already" m3.txt && ok "a destination with a register is refused" || fail "refusal: $(cat m3.txt)"
fi
H --db "$pg" import "$data/update_newer.geojson" >/dev/null && H --db "$pg" check >/dev/null &&
	ok "the copy takes new records" || fail "appending to the copy"
# a copy not proven (failed or stopped half-way) is refused at open
psql -X -q "$pg" -c "UPDATE hr_meta SET value = 'incomplete' WHERE key = 'copy_state'" ||
	fail "marking the copy incomplete"
if H --db "$pg" check >/dev/null 2>err.txt; then
	fail "a copy marked incomplete opens"
else
	grep -q "incomplete copy" err.txt && ok "a copy marked incomplete is refused, saying why" ||
		fail "incomplete copy: $(cat err.txt)"
fi
finish
