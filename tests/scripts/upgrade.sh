#!/usr/bin/env bash
# upgrade.sh - a register written by an earlier version (tests/data/upgrade)
# is consistent for the current hazreg (its derived state equals a rebuild,
# bit for bit), answers queries, and takes the kinds added since.
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
for old in "$HR_SRC"/tests/data/upgrade/*.gpkg; do
	name=$(basename "$old" .gpkg)
	cp "$old" "$name.gpkg"
	if "$HAZREG" --db "$name.gpkg" check >check.out 2>&1; then
		ok "$name: consistent for this version"
	else
		fail "$name: not consistent for this version"
		cat check.out >&2
	fi
	"$HAZREG" --db "$name.gpkg" query point 36.425 49.025 --at 2025-06-01 >q.out 2>&1 &&
		grep -q "DEMO-HA-003" q.out && ok "$name: answers a point query" ||
		{ fail "$name: the point query failed"; cat q.out >&2; }
	if "$HAZREG" --db "$name.gpkg" import --mapping "$HR_SRC/examples/cod-ab-adm1.map" \
		"$HR_SRC/tests/cli/data/cod_ab_adm1.geojson" >imp.out 2>&1 &&
		"$HAZREG" --db "$name.gpkg" summary --by adm1 >sum.out 2>&1 &&
		"$HAZREG" --db "$name.gpkg" check >check2.out 2>&1; then
		ok "$name: takes administrative areas, summarises by them, stays consistent"
	else
		fail "$name: administrative areas on an older register"
		cat imp.out sum.out check2.out >&2
	fi
done
finish
