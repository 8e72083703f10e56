# tests/lib/common.sh - shared helpers for script tests (sourced, not run).
set -eu
: "${HAZREG:?HAZREG must name the hazreg binary}"
: "${HR_TEST_TMP:?HR_TEST_TMP must name a scratch directory}"
rm -rf "$HR_TEST_TMP"
mkdir -p "$HR_TEST_TMP"
export HAZREG_NOW=2026-01-01T00:00:00Z
failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
ok() { echo "ok: $*"; }
finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed" >&2
		exit 1
	fi
	echo "all checks passed"
}
# gen ARGS... : run the fictional data generator
gen() { "${HAZREG_GEN:?HAZREG_GEN must name hazreg-gen}" "$@"; }

# register NAME : the register a test keeps under NAME: NAME.gpkg, or, when
# HR_TEST_PG_CLUSTER names a running cluster (the pg.script.* tests), a
# fresh PostgreSQL database of that name (scripts/pg-cluster db)
register() {
	if [ -n "${HR_TEST_PG_CLUSTER:-}" ]; then
		# named after the test too: tests run side by side
		"$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" \
			"$(printf 's_%s_%s' "$(basename "$HR_TEST_TMP")" "$1" | tr -c 'a-z0-9_' '_' | cut -c1-63)"
	else
		echo "$1.gpkg"
	fi
}
# register_bytes DB : a file holding every byte the register keeps (the
# GeoPackage itself, or a dump of the database), for greps of what must
# never be stored
register_bytes() {
	case $1 in
	postgresql://* | postgres://*)
		"${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_dump" -d "$1" >"$HR_TEST_TMP/register.dump" &&
			echo "$HR_TEST_TMP/register.dump"
		;;
	*) echo "$1" ;;
	esac
}
