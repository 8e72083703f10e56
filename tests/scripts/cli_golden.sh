#!/usr/bin/env bash
# cli_golden.sh - golden tests of the hazreg command.
#
# Each case tests/cli/NAME.cmd is a shell snippet run in a scratch
# directory of its own (HR_TEST_TMP/NAME/work) holding a copy of
# tests/cli/data/ (as data/), with
#   HAZREG      the hazreg binary (quote it: "$HAZREG")
#   HAZREG_DB   hazreg.gpkg (not created: a case runs init or import)
#   HAZREG_NOW  2026-01-01T00:00:00Z, so "now" and appended times are fixed
#   HR_EXAMPLES the source tree's examples/ (mapping files), read only
# and the helpers below. Its standard output must equal NAME.out and its
# exit status NAME.rc; standard error is shown on failure but not compared
# (cases that test a message redirect it with 2>&1).
#
# Environment: HAZREG (required), HR_SRC (source tree; default: this
# script's), HR_TEST_TMP (scratch; default: a temporary directory),
# HR_UPDATE_GOLDEN=1 rewrites NAME.out and NAME.rc from what the cases do
# now: read every changed file before committing it.
# HR_TEST_PG_CLUSTER: the directory of a running scripts/pg-cluster; each
# case then runs against a fresh PostgreSQL database of its own instead of
# hazreg.gpkg (its address reads "hazreg.gpkg" in the output compared, and
# the default log origin of a server's register, hazreg/postgresql, reads
# hazreg/hazreg.gpkg), and
# the cases listed in tests/cli/pg-skip (with the reason) are not run.
# Arguments: case names to run only those.
set -u

: "${HAZREG:?set HAZREG to the hazreg binary}"
src=${HR_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
cases=$src/tests/cli
tmp=${HR_TEST_TMP:-}
if [ -z "$tmp" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi
case $tmp in
/ | "$HOME" | "$src" | "$src"/tests*)
	echo "cli_golden: refusing to use $tmp as scratch (it is emptied first)"
	exit 1
	;;
esac
rm -rf "$tmp"
mkdir -p "$tmp"
case $HAZREG in
/*) ;;
*) HAZREG=$(cd "$(dirname "$HAZREG")" && pwd)/$(basename "$HAZREG") ;;
esac

# Helpers every case may use.
cat >"$tmp/helpers.sh" <<'EOF'
# The demo register: three areas (a CHA with a hole, an SHA, a
# MultiPolygon CHA), a release part, an item, an accident and an EORE session.
fixture() {
	"$HAZREG" import data/areas.geojson data/release.geojson data/item.geojson \
		data/accident.geojson data/eore.geojsons >/dev/null || {
		echo "fixture: import failed" >&2
		exit 99
	}
}
# Leaf hashes of records with private fields depend on random salts: mask
# those of the records of "show" that hold a private field...
mask_private_leaf() {
	awk '/^record [0-9]+:/ { priv = 0 }
		/\(private, committed\)/ { priv = 1 }
		/^  leaf hash: / && priv { sub(/[0-9a-f]+$/, "(salted)") }
		{ print }'
}
# ...and of "show --json" (one record per "{"index":...}" object).
mask_private_leaf_json() {
	sed 's/{"index":/\n{"index":/g' |
		awk '/\(private, committed\)/ { gsub(/"leaf_hash":"[0-9a-f]+"/, "\"leaf_hash\":\"(salted)\"") }
			{ printf "%s", $0 } END { print "" }'
}
# "log list" lines of the given ids (records with private fields), masked.
mask_leaf_of() {
	awk -v ids=" $* " 'index(ids, " " $4 " ") { sub(/[0-9a-f]+$/, "(salted)") } { print }'
}
# reg_sql SQL : SQL on the register ($HAZREG_DB) behind hazreg's back, as
# its owner: sqlite3 on the GeoPackage, psql on a database; reg_tamper SQL
# the same with the append-only triggers out of the way (dropped from the
# file; off for the statement in a database); reg_hex COLUMN and
# reg_blob HEX the SQL of bytes as hex and back.
reg_pg() { case $HAZREG_DB in postgresql://* | postgres://*) return 0 ;; esac; return 1; }
reg_sql() {
	if reg_pg; then
		PGOPTIONS="-c client_min_messages=warning" psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$HAZREG_DB" -c "$1"
	else
		sqlite3 "$HAZREG_DB" "$1"
	fi
}
reg_tamper() {
	if reg_pg; then
		reg_sql "SET session_replication_role = replica; $1"
	else
		reg_sql "DROP TRIGGER IF EXISTS hr_log_no_update; $1"
	fi
}
# reg_bytes : every byte the register keeps, to stdout (the file, or
# pg_dump's text without the random key of its \restrict lines and
# without the positions of the fid sequences, which a transaction rolled
# back advances all the same: they hold no fact)
reg_bytes() {
	if reg_pg; then
		pg_dump -d "$HAZREG_DB" >reg_bytes.raw &&
			grep -v -e '^\\\(un\)\?restrict ' -e '^SELECT pg_catalog.setval(' reg_bytes.raw
	else
		cat "$HAZREG_DB"
	fi
}
reg_hex() { if reg_pg; then echo "upper(encode($1, 'hex'))"; else echo "hex($1)"; fi; }
reg_blob() { if reg_pg; then echo "decode('$1', 'hex')"; else echo "x'$1'"; fi; }
# A 64-digit hex digest, named but not shown.
is_digest() {
	if printf '%s\n' "$1" | grep -Eq '^[0-9a-f]{64}$'; then echo "a digest"; else echo "not a digest: $1"; fi
}
EOF

update=${HR_UPDATE_GOLDEN:-0}
pass=0
fail=0
failed=""

pg=${HR_TEST_PG_CLUSTER:-}
pg_skipped=0

run_case() {
	local name=$1 dir=$tmp/$1 rc want_rc db=hazreg.gpkg
	mkdir -p "$dir/work"
	cp -R "$cases/data" "$dir/work/data"
	if [ -n "$pg" ]; then
		db=$("$src/scripts/pg-cluster" db "$pg" "golden_$name") || {
			fail=$((fail + 1))
			failed="$failed $name"
			echo "FAIL $name: no fresh PostgreSQL database"
			return 0
		}
	fi
	(
		cd "$dir/work" &&
			env LC_ALL=C TZ=UTC HAZREG="$HAZREG" HAZREG_DB="$db" \
				HAZREG_NOW=2026-01-01T00:00:00Z HR_EXAMPLES="$src/examples" \
				bash -c '. "$1"; . "$2"' case "$tmp/helpers.sh" "$cases/$name.cmd" \
				>"$dir/stdout" 2>"$dir/stderr" </dev/null
	)
	rc=$?
	if [ -n "$pg" ]; then
		DB=$db awk '{ while ((i = index($0, ENVIRON["DB"])) > 0)
			$0 = substr($0, 1, i - 1) "hazreg.gpkg" substr($0, i + length(ENVIRON["DB"]))
			gsub(/hazreg\/postgresql/, "hazreg/hazreg.gpkg"); print }' \
			"$dir/stdout" >"$dir/stdout.pg" && mv "$dir/stdout.pg" "$dir/stdout"
	fi
	if [ "$update" = 1 ]; then
		cp "$dir/stdout" "$cases/$name.out"
		echo "$rc" >"$cases/$name.rc"
		echo "updated $name (exit $rc)"
		return 0
	fi
	want_rc=$(cat "$cases/$name.rc" 2>/dev/null || echo "(no $name.rc)")
	if [ -f "$cases/$name.out" ] && diff -u "$cases/$name.out" "$dir/stdout" >"$dir/diff" &&
		[ "$rc" = "$want_rc" ]; then
		pass=$((pass + 1))
		return 0
	fi
	fail=$((fail + 1))
	failed="$failed $name"
	echo "FAIL $name: exit $rc, expected $want_rc"
	if [ -f "$cases/$name.out" ]; then
		sed 's/^/    /' "$dir/diff"
	else
		echo "    no $name.out"
	fi
	if [ -s "$dir/stderr" ]; then
		echo "    stderr:"
		sed 's/^/    | /' "$dir/stderr"
	fi
}

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for f in "$cases"/*.cmd; do
		names+=("$(basename "$f" .cmd)")
	done
fi
[ ${#names[@]} -gt 0 ] || {
	echo "no cases in $cases"
	exit 1
}
for name in "${names[@]}"; do
	if [ ! -f "$cases/$name.cmd" ]; then
		echo "FAIL $name: no such case"
		fail=$((fail + 1))
		continue
	fi
	if [ -n "$pg" ] && grep -q "^$name " "$cases/pg-skip"; then
		pg_skipped=$((pg_skipped + 1))
		continue
	fi
	run_case "$name"
done
[ "$update" = 1 ] && exit 0
echo "cli golden${pg:+ on PostgreSQL}: $pass passed, $fail failed${failed:+:$failed}${pg:+, $pg_skipped not run there (tests/cli/pg-skip)}"
[ "$fail" -eq 0 ]
