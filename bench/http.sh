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
hazreg=$build/hazreg
here=$(cd "$(dirname "$0")" && pwd)
. "$here/wrk.sh"

need_wrk
if ! command -v nginx >/dev/null 2>&1; then
	echo "bench/http.sh: installing nginx-light" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >&2
fi
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
url=$(serving_url "$scratch/serve.out")
[ -n "$url" ] || { echo "bench/http.sh: the server did not start" >&2; cat "$scratch/serve.out" >&2; exit 1; }

# A point inside an area (the first item found) and one outside all.
inside=$(inside "$db")
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
places "$db" "$scratch/points.txt"
run() { wrk_row "$@"; }
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
