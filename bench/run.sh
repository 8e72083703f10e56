#!/bin/sh
# bench/run.sh - run hazreg's benchmarks against an existing build.
#
# Usage: bench/run.sh BUILD_DIR
#
# Builds nothing: BUILD_DIR must already hold hazreg-gen and bench/bench_*.
# Generates the bench workload into a scratch directory (removed on exit),
# runs bench_query on it, then every other bench_* program with no
# arguments (they find the scratch directory in $HR_BENCH_TMP). Prints
# figures; never judges them.
#
# Environment:
#   HR_BENCH_AREAS    areas to generate (default 100000)
#   HR_BENCH_QUERIES  query points to generate (default 1000000)
#   HR_BENCH_SEED     seed of the areas (default 1; the queries use seed + 1)
#   HR_BENCH_JSON     set to 1 for JSON output from bench_query
#   TMPDIR            where the scratch directory goes (default /tmp)
set -eu

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: bench/run.sh BUILD_DIR" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
gen=$build/hazreg-gen
query=$build/bench/bench_query
for exe in "$gen" "$query"; do
	if [ ! -x "$exe" ]; then
		echo "bench/run.sh: $exe is missing; build it first (cmake --build $1)" >&2
		exit 1
	fi
done

areas=${HR_BENCH_AREAS:-100000}
queries=${HR_BENCH_QUERIES:-1000000}
seed=${HR_BENCH_SEED:-1}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/hazreg-bench.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

echo "bench/run.sh: generating $areas areas and $queries query points in $scratch" >&2
"$gen" --profile bench --areas "$areas" --seed "$seed" -o "$scratch/areas.geojson"
"$gen" --profile bench --queries "$queries" --seed "$((seed + 1))" -o "$scratch/queries.txt"

json=
if [ "${HR_BENCH_JSON:-0}" = 1 ]; then
	json=--json
fi
HAZREG_GEN=$gen "$query" --data "$scratch/areas.geojson" \
	--query-file "$scratch/queries.txt" --queries "$queries" \
	--db "$scratch/bench.gpkg" --seed "$seed" $json

for exe in "$build"/bench/bench_*; do
	[ -x "$exe" ] && [ -f "$exe" ] || continue
	[ "$exe" = "$query" ] && continue
	echo
	HR_BENCH_TMP=$scratch HAZREG_GEN=$gen "$exe"
done
