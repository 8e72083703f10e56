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

# on_pg : true in the pg.script.* tests, where registers are databases
on_pg() { [ -n "${HR_TEST_PG_CLUSTER:-}" ]; }

# pg_name NAME : the database name of a test's register NAME (named after
# the test too: tests run side by side)
pg_name() {
	printf 's_%s_%s' "$(basename "$HR_TEST_TMP")" "$1" | tr -c 'a-z0-9_' '_' | cut -c1-63
}

# register NAME : the register a test keeps under NAME: NAME.gpkg, or, when
# HR_TEST_PG_CLUSTER names a running cluster (the pg.script.* tests), a
# fresh PostgreSQL database of that name (scripts/pg-cluster db)
register() {
	if on_pg; then
		"$HR_SRC/scripts/pg-cluster" db "$HR_TEST_PG_CLUSTER" "$(pg_name "$1")"
	else
		echo "$1.gpkg"
	fi
}

# register_copy DB NAME : a copy of the register DB (closed: no process
# may have it open) as the register NAME, made anew: the file copied, or
# a database made with DB as its template; prints its address
register_copy() {
	local to
	if on_pg; then
		to=$(pg_name "$2")
		sql "$("$HR_SRC/scripts/pg-cluster" url "$HR_TEST_PG_CLUSTER" postgres)" \
			"DROP DATABASE IF EXISTS $to WITH (FORCE)" >/dev/null &&
			sql "$("$HR_SRC/scripts/pg-cluster" url "$HR_TEST_PG_CLUSTER" postgres)" \
				"CREATE DATABASE $to TEMPLATE $(pg_dbname "$1")" >/dev/null &&
			"$HR_SRC/scripts/pg-cluster" url "$HR_TEST_PG_CLUSTER" "$to"
	else
		rm -f "$2.gpkg" "$2.gpkg-wal" "$2.gpkg-shm"
		cp "$1" "$2.gpkg" && echo "$2.gpkg"
	fi
}

# pg_dbname ADDRESS : the database name in a postgresql:///NAME?... address
pg_dbname() {
	local a=${1#*://}
	a=${a#*/}
	echo "${a%%\?*}"
}

# ogr_name DB : the name GDAL opens the register DB by: the file, or the
# database through GDAL's PG driver
ogr_name() {
	if on_pg; then
		echo "PG:dbname=$(pg_dbname "$1") host=$HR_TEST_PG_CLUSTER/sock user=postgres"
	else
		echo "$1"
	fi
}

# sql DB QUERY : run SQL on a register behind hazreg's back, as its owner
# (the superuser of the test cluster): sqlite3 on a GeoPackage, psql on a
# database (unaligned, tuples only, times in UTC in the ISO style)
sql() {
	case $1 in
	postgresql://* | postgres://*)
		PGTZ=UTC PGOPTIONS="-c client_min_messages=warning -c datestyle=ISO" \
			psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
		;;
	*) sqlite3 "$1" "$2" ;;
	esac
}
# register_bytes DB : a file holding every byte the register keeps (the
# GeoPackage itself, or a dump of the database), for greps of what must
# never be stored and sums of what must not change (the random key of
# pg_dump's \restrict lines left out)
register_bytes() {
	case $1 in
	postgresql://* | postgres://*)
		"${PG_BIN:-/usr/lib/postgresql/15/bin}/pg_dump" -d "$1" >"$HR_TEST_TMP/register.raw" &&
			grep -v '^\\\(un\)\?restrict ' "$HR_TEST_TMP/register.raw" >"$HR_TEST_TMP/register.dump" &&
			echo "$HR_TEST_TMP/register.dump"
		;;
	*) echo "$1" ;;
	esac
}

# Tampering with a register behind hazreg's back, as its owner could
# (tamper.sh, http_log.sh, migrate_copy.sh):
# tamper_sql DB SQL : sql with the append-only triggers out of the way:
#   dropped from a GeoPackage for good (do it on a copy), turned off for
#   the statement in a database (session_replication_role = replica, as
#   the superuser)
tamper_sql() {
	if on_pg; then
		sql "$1" "SET session_replication_role = replica; $2"
	else
		sql "$1" "DROP TRIGGER IF EXISTS hr_log_no_update; DROP TRIGGER IF EXISTS hr_log_no_delete;
			DROP TRIGGER IF EXISTS hr_checkpoint_no_update;
			DROP TRIGGER IF EXISTS hr_checkpoint_no_delete; $2"
	fi
}
# sql_hex EXPR : SQL for the bytes of EXPR as hex digits
sql_hex() { if on_pg; then echo "encode($1, 'hex')"; else echo "hex($1)"; fi; }
# sql_blob HEX : SQL for the bytes written by the hex digits HEX
sql_blob() { if on_pg; then echo "decode('$1', 'hex')"; else echo "x'$1'"; fi; }
