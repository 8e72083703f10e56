#!/bin/sh
# tests/lib/pg-run.sh DIR COMMAND [ARG]... - run a test against the
# PostgreSQL cluster that the pg.setup test started in DIR: COMMAND gets
# HR_TEST_PG_CLUSTER=DIR and makes its databases there (scripts/pg-cluster
# db DIR NAME). Without a running cluster the test is skipped, loudly, with
# exit status 77 (ctest's SKIP_RETURN_CODE for these tests); under CI
# (CI=true) a missing server is a failure instead.
dir=$1
shift
src=${HR_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! "$src/scripts/pg-cluster" status "$dir"; then
	echo "SKIPPED: no PostgreSQL server (pg.setup could not start one in $dir;"
	echo "         install postgresql-15 and postgresql-15-postgis-3, see docs/postgresql.md)"
	if [ "${CI:-}" = true ]; then
		echo "FAIL: under CI the PostgreSQL tests must run"
		exit 1
	fi
	exit 77
fi
HR_TEST_PG_CLUSTER=$dir exec "$@"
