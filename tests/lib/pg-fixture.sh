#!/bin/sh
# tests/lib/pg-fixture.sh start|stop DIR - the pg.setup and pg.cleanup
# tests: a throwaway cluster (scripts/pg-cluster) for the tests that run
# against PostgreSQL. A cluster left by an interrupted run is removed
# first. When no server can be started, start says so loudly and passes:
# the tests that need it are then skipped one by one (tests/lib/pg-run.sh);
# under CI (CI=true) it fails instead.
src=${HR_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
case $1 in
start)
	"$src/scripts/pg-cluster" stop "$2"
	if "$src/scripts/pg-cluster" start "$2"; then
		exit 0
	fi
	echo "SKIPPED: no PostgreSQL server could be started in $2; the pg.* tests will be skipped"
	[ "${CI:-}" = true ] && exit 1
	exit 0
	;;
stop)
	exec "$src/scripts/pg-cluster" stop "$2"
	;;
esac
echo "usage: pg-fixture.sh start|stop DIR" >&2
exit 2
