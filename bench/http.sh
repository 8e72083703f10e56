#!/bin/sh
# bench/http.sh - the HTTP API under load on loopback, side by side with
# nginx serving a static file of the same size (the ceiling of this
# machine for a small answer over HTTP/1.1 with keep-alive).
#
# Usage: bench/http.sh BUILD_DIR [DB]
#
# Serves DB (default var/demo.gpkg, made by 'make run') with hazreg serve
# and runs wrk against /risk/point at points inside and outside areas and
# against pages of /collections/hazardous_areas/items (the first, a later
# one, and the first of those hazardous at an instant), then against
# nginx. wrk and nginx come from Debian (wrk, nginx-light): installed here
# when missing and run as root. Prints requests/s, p50 and p99 latency
# and the ratio to nginx; judges nothing.
#
# Environment: HR_HTTP_SECONDS (default 10), HR_HTTP_CONNECTIONS (default
# 64), HR_HTTP_THREADS (wrk threads, default 1), HR_HTTP_SERVER_THREADS
# (hazreg serve --threads, default 2).
set -eu
build=${1:?usage: bench/http.sh BUILD_DIR [DB]}
db=${2:-var/demo.gpkg}
secs=${HR_HTTP_SECONDS:-10}
conns=${HR_HTTP_CONNECTIONS:-64}
wthreads=${HR_HTTP_THREADS:-1}
sthreads=${HR_HTTP_SERVER_THREADS:-2}
hazreg=$build/hazreg

for p in wrk nginx; do
	if ! command -v $p >/dev/null 2>&1; then
		pkg=$p
		[ $p = nginx ] && pkg=nginx-light
		echo "bench/http.sh: installing $pkg" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkg >&2
	fi
done
[ -f "$db" ] || { echo "bench/http.sh: $db is missing (make run makes it)" >&2; exit 1; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/hazreg-http.XXXXXX")
cleanup() {
	[ -n "${spid:-}" ] && kill -TERM "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
	[ -f "$scratch/nginx.pid" ] && kill "$(cat "$scratch/nginx.pid")" 2>/dev/null
	rm -rf "$scratch"
}
trap cleanup EXIT INT TERM

"$hazreg" --db "$db" serve --listen 127.0.0.1:0 --threads "$sthreads" \
	--access-log /dev/null >"$scratch/serve.out" 2>&1 &
spid=$!
url=
for i in $(seq 1 100); do
	url=$(sed -n 's/^hazreg: serving \(http:[^ ]*\) .*/\1/p' "$scratch/serve.out")
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { echo "bench/http.sh: the server did not start" >&2; cat "$scratch/serve.out" >&2; exit 1; }

# A point inside an area (the first item found) and one outside all.
inside=$(sqlite3 "$db" "SELECT printf('lon=%.7f&lat=%.7f', t.minx, t.miny) FROM eo_items i JOIN rtree_eo_items_geom t ON i.fid = t.id ORDER BY item_id LIMIT 1")
outside="lon=35.0&lat=46.1"

# nginx: one static file the size of the answer inside an area.
curl -s "$url/risk/point?$inside" >"$scratch/static.json"
mkdir -p "$scratch/www" "$scratch/tmp"
chmod 755 "$scratch" "$scratch/www"
cp "$scratch/static.json" "$scratch/www/answer.json"
cat >"$scratch/nginx.conf" <<CONF
worker_processes $sthreads;
pid $scratch/nginx.pid;
error_log $scratch/nginx.err;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $scratch/tmp; proxy_temp_path $scratch/tmp;
	fastcgi_temp_path $scratch/tmp; uwsgi_temp_path $scratch/tmp; scgi_temp_path $scratch/tmp;
	server {
		listen 127.0.0.1:0; root $scratch/www;
		# the places script's paths, answered with the same file
		location = /risk/point { try_files /answer.json =404; }
	}
}
CONF
# nginx cannot listen on port 0: pick a free port first.
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -i "s/listen 127.0.0.1:0/listen 127.0.0.1:$nport/" "$scratch/nginx.conf"
nginx -c "$scratch/nginx.conf"
sleep 0.3

# Points inside many areas (the EO items found in them, at most 1,000),
# asked in turn by bench/points.lua.
sqlite3 -separator ' ' "$db" "SELECT printf('%.7f', t.minx), printf('%.7f', t.miny) FROM eo_items i JOIN rtree_eo_items_geom t ON i.fid = t.id ORDER BY item_id LIMIT 1000" >"$scratch/points.txt"
here=$(cd "$(dirname "$0")" && pwd)

run() { # NAME URL VAR [wrk options]
	name=$1 u=$2 var=$3
	shift 3
	out=$(wrk -t"$wthreads" -c"$conns" -d"${secs}s" --latency "$@" "$u" 2>&1)
	rps=$(echo "$out" | sed -n 's/^Requests\/sec: *//p')
	p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
	p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
	non2xx=$(echo "$out" | sed -n 's/.*Non-2xx or 3xx responses: *//p')
	printf '%-34s %12s req/s   p50 %-9s p99 %-9s%s\n' "$name" "$rps" "$p50" "$p99" \
		"${non2xx:+  non-2xx: $non2xx}"
	eval "rps_$var=\${rps%.*}"
}
echo "HTTP on loopback: wrk -t$wthreads -c$conns -d${secs}s, keep-alive; hazreg serve --threads $sthreads; $(nproc) cores"
echo "register: $db ($(sqlite3 "$db" 'select count(*) from hr_log') records); answer size $(wc -c <"$scratch/static.json") bytes"
run "/risk/point (inside an area)" "$url/risk/point?$inside" inside
export HR_POINTS="$scratch/points.txt"
run "/risk/point ($(wc -l <"$scratch/points.txt") places in turn)" \
	"$url" many -s "$here/points.lua"
run "/risk/point (outside)" "$url/risk/point?$outside" outside
run "/collections/.../items?limit=10" "$url/collections/hazardous_areas/items?limit=10" items
run "  ...?offset=1000&limit=10" "$url/collections/hazardous_areas/items?offset=1000&limit=10" \
	later
run "  ...?datetime=(instant)&limit=10" \
	"$url/collections/hazardous_areas/items?datetime=2025-01-01T00:00:00Z&limit=10" instant
run "nginx, static file, same size" "http://127.0.0.1:$nport/answer.json" nginx
# the same file for the places script's requests: the ceiling with the
# client's script running too
run "nginx, the same, places in turn" "http://127.0.0.1:$nport" nginx_many -s "$here/points.lua"
if [ "${rps_nginx:-0}" -gt 0 ] && [ "${rps_nginx_many:-0}" -gt 0 ]; then
	awk -v a="$rps_inside" -v b="$rps_outside" -v c="$rps_items" -v d="$rps_later" \
		-v e="$rps_instant" -v m="$rps_many" -v n="$rps_nginx" -v nm="$rps_nginx_many" 'BEGIN {
		printf "ratio to nginx: risk/point inside %.2f, many places %.2f (to nginx with the " \
		       "same script), outside %.2f, items %.2f, later page %.2f, at an instant %.2f\n",
		       a / n, m / nm, b / n, c / n, d / n, e / n }'

fi
