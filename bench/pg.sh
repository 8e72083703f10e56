#!/bin/sh
# bench/pg.sh - hazreg serve on PostgreSQL: /risk/point requests/s with one
# and with two server processes on one database, and the lag of a
# streaming-replication standby under load.
#
# Usage: bench/pg.sh BUILD_DIR [GPKG]     (make bench-pg)
#
# Makes a throwaway cluster (scripts/pg-cluster, unix socket only),
# copies GPKG (default var/demo.gpkg, made by 'make demo') into it with
# 'hazreg migrate', and runs wrk (bench/wrk.sh, as bench/http.sh does)
# against /risk/point at one point inside an area and at up to 1,000
# places in turn (bench/points.lua): first one server, then two servers,
# two wrk processes with half the connections each (on one server, or
# one on each; their requests/s added), then one server on the
# GeoPackage itself for comparison. Then it starts a hot standby of the cluster and runs
# pg_replica_lag: writers appending to the primary while a probe times
# each of its records from acknowledgement to visible on the standby.
# Everything is removed at the end. Prints figures; judges nothing.
#
# Environment: HR_HTTP_SECONDS (default 10), HR_HTTP_CONNECTIONS (default
# 64), HR_HTTP_THREADS (wrk threads, default 1), HR_HTTP_SERVER_THREADS
# (hazreg serve --threads, default 2), HR_LAG_WRITERS (writer counts,
# default "0 1 4"; empty: no replica lag), HR_LAG_PROBES (default 200).
set -eu
build=${1:?usage: bench/pg.sh BUILD_DIR [GPKG]}
gpkg=${2:-var/demo.gpkg}
hazreg=$build/hazreg
here=$(cd "$(dirname "$0")" && pwd)
cluster=$here/../scripts/pg-cluster
. "$here/wrk.sh"

need_wrk
[ -f "$gpkg" ] || { echo "bench/pg.sh: $gpkg is missing (make demo makes it)" >&2; exit 1; }
lag_writers=${HR_LAG_WRITERS-0 1 4}
[ -z "$lag_writers" ] || [ -x "$build/bench/pg_replica_lag" ] || {
	echo "bench/pg.sh: $build/bench/pg_replica_lag is missing (a build with libpq)" >&2
	exit 1
}

scratch=$(mktemp -d /tmp/hazreg-pgbench.XXXXXX)
chmod 755 "$scratch" # the cluster's user goes through it
pids=
cleanup() {
	for p in $pids; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	"$cluster" stop "$scratch/s" 2>/dev/null
	"$cluster" stop "$scratch/p" 2>/dev/null
	rm -rf "$scratch"
}
trap cleanup EXIT INT TERM

# serve NAME DB [options] : start hazreg serve, set url_NAME
serve() {
	name=$1 sdb=$2
	shift 2
	"$hazreg" --db "$sdb" serve --listen 127.0.0.1:0 --threads "$sthreads" --no-web \
		--access-log /dev/null "$@" >"$scratch/$name.out" 2>"$scratch/$name.log" &
	pids="$pids $!"
	u=$(serving_url "$scratch/$name.out")
	[ -n "$u" ] || { echo "bench/pg.sh: server $name did not start" >&2; cat "$scratch/$name.log" >&2; exit 1; }
	eval "url_$name=\$u"
}

# pair NAME URL1 URL2 PATH [wrk options] : two wrk processes at once, each
# with half the connections, one on URL1 and one on URL2 (the same server
# twice, or two servers: the client's share of the machine is the same);
# one row with their requests/s added and each p99
pair() {
	name=$1 u1=$2 u2=$3 path=$4
	shift 4
	half=$((conns / 2))
	wrk -t"$wthreads" -c"$half" -d"${secs}s" --latency "$@" "$u1$path" >"$scratch/wa" 2>&1 &
	w1=$!
	wrk -t"$wthreads" -c"$half" -d"${secs}s" --latency "$@" "$u2$path" >"$scratch/wb" 2>&1
	wait "$w1"
	r1=$(sed -n 's/^Requests\/sec: *//p' "$scratch/wa")
	r2=$(sed -n 's/^Requests\/sec: *//p' "$scratch/wb")
	q1=$(awk '$1 == "99%" { print $2 }' "$scratch/wa")
	q2=$(awk '$1 == "99%" { print $2 }' "$scratch/wb")
	bad=$(cat "$scratch/wa" "$scratch/wb" | sed -n 's/.*Non-2xx or 3xx responses: *//p' |
		awk '{ n += $1 } END { if (n) print "  non-2xx: " n }')
	printf '%-40s %10.0f req/s   (%s + %s; p99 %s and %s)%s\n' "$name" \
		"$(echo "$r1 $r2" | awk '{ print $1 + $2 }')" "$r1" "$r2" "$q1" "$q2" "$bad"
}

url=$("$cluster" start "$scratch/p")
db=$("$cluster" db "$scratch/p" bench)
"$hazreg" migrate "$gpkg" "$db" >/dev/null
places "$gpkg" "$scratch/points.txt"
export HR_POINTS="$scratch/points.txt"
in=$(inside "$gpkg")
echo "hazreg serve on PostgreSQL 15 (unix socket, fsync on): wrk -t$wthreads -c$conns -d${secs}s," \
	"keep-alive; --threads $sthreads per server; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "register: $gpkg copied ($(sqlite3 "$gpkg" 'select count(*) from hr_log') records)"

many="$(wc -l <"$HR_POINTS") places in turn"
serve a "$db"
pair "1 server: /risk/point (inside)" "$url_a" "$url_a" "/risk/point?$in"
pair "1 server: $many" "$url_a" "$url_a" "" -s "$here/points.lua"
serve b "$db"
pair "2 servers: /risk/point (inside)" "$url_a" "$url_b" "/risk/point?$in"
pair "2 servers: $many" "$url_a" "$url_b" "" -s "$here/points.lua"
kill -TERM $pids && wait $pids 2>/dev/null || true
pids=
serve g "$gpkg"
pair "GeoPackage, 1 server: $many" "$url_g" "$url_g" "" -s "$here/points.lua"

[ -n "$lag_writers" ] || exit 0
echo
echo "replica lag: a hot standby (pg_basebackup -R) on its own socket; time from a probe's" \
	"acknowledgement by the primary to its index visible on the standby"
"$cluster" standby "$scratch/s" "$scratch/p" >/dev/null
standby=$("$cluster" url "$scratch/s" bench)
for w in $lag_writers; do
	"$build/bench/pg_replica_lag" "$db" "$standby" "$w" "${HR_LAG_PROBES:-200}"
done
