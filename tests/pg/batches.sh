#!/usr/bin/env bash
# batches.sh - reads of whole layers on PostgreSQL come in batches of 1,000
# rows (src/store/pg_rows.c), never as one result holding every geometry:
# with 2,500 areas and their release parts, each such read spans several
# batches, and the answers must be those of the GeoPackage, row for row.
#   - hazreg digest: rows_all over every layer, in key order, outside a
#     snapshot (the first full batch makes it read again inside one);
#   - hazreg query bbox over all of them: rows_bbox, whose callback reads
#     each area's release parts (rows_where) between two batches;
#   - hazreg export: the layers page by page or whole;
#   - hazreg check: the in-memory index built from rows_scan (a cursor)
#     agrees with the store.
# Run by ctest through tests/lib/pg-run.sh (HR_TEST_PG_CLUSTER).
. "$HR_SRC/tests/lib/common.sh"
: "${HR_TEST_PG_CLUSTER:?run through tests/lib/pg-run.sh}"
cd "$HR_TEST_TMP"
db=$("$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" batches) || fail "no database"
gen --areas 2500 -o areas.geojson
"$HAZREG" --db file.gpkg import areas.geojson >/dev/null || fail "import into the GeoPackage"
"$HAZREG" --db "$db" import areas.geojson >/dev/null || fail "import into PostgreSQL"

n=$("${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -A -t -q -d "$db" \
	-c "SELECT count(*) FROM hazardous_areas")
[ "$n" -gt 2000 ] && ok "$n hazardous areas: more than two batches" || fail "only $n areas"

same() { # what CMD...: the same output from both registers
	what=$1
	shift
	"$HAZREG" --db file.gpkg "$@" >gpkg.out 2>&1 || fail "$what on the GeoPackage: $(head -3 gpkg.out)"
	"$HAZREG" --db "$db" "$@" >pg.out 2>&1 || fail "$what on PostgreSQL: $(head -3 pg.out)"
	if cmp -s gpkg.out pg.out; then
		ok "$what: the same as the GeoPackage ($(wc -l <pg.out) lines)"
	else
		diff gpkg.out pg.out | head -5
		fail "$what differs from the GeoPackage"
	fi
}
same "digest (rows_all)" digest
same "query bbox over everything (rows_bbox, rows_where inside)" query bbox -180 -90 180 90 --json
same "export, internal profile" export --profile internal
"$HAZREG" --db "$db" check >check.out 2>&1 && ok "check: $(tail -1 check.out)" ||
	fail "check: $(cat check.out)"
finish
