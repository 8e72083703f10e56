# bench/wrk.sh - what bench/http.sh and bench/pg.sh share (sourced, /bin/sh):
# wrk and its rows of figures, and the places of a GeoPackage register to
# ask /risk/point about; and the settings both take from the environment
# (HR_HTTP_SECONDS, HR_HTTP_CONNECTIONS, HR_HTTP_THREADS: wrk's threads,
# HR_HTTP_SERVER_THREADS: hazreg serve --threads).
secs=${HR_HTTP_SECONDS:-10}
conns=${HR_HTTP_CONNECTIONS:-64}
wthreads=${HR_HTTP_THREADS:-1}
sthreads=${HR_HTTP_SERVER_THREADS:-2}

# need_wrk : install wrk (Debian) when missing
need_wrk() {
	if ! command -v wrk >/dev/null 2>&1; then
		echo "bench: installing wrk" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >&2
	fi
}

# serving_url FILE : the address "hazreg serve" printed to FILE (its
#   standard output), waited for up to 10 s; nothing when it printed none
serving_url() {
	for i in $(seq 1 100); do
		u=$(sed -n 's/^hazreg: serving \(http:[^ ]*\) .*/\1/p' "$1" 2>/dev/null || true)
		[ -n "$u" ] && break
		sleep 0.1
	done
	echo "$u"
}

# wrk_row NAME URL VAR [wrk options] : run wrk, print one row (requests/s,
#   p50 and p99 latency, answers other than 2xx), set rps_VAR
wrk_row() {
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

# places DB OUT : "lon lat" of the EO items found in DB's areas (at most
#   1,000: points inside many areas), for bench/points.lua
places() {
	sqlite3 -separator ' ' "$1" "SELECT printf('%.7f', t.minx), printf('%.7f', t.miny) FROM eo_items i JOIN rtree_eo_items_geom t ON i.fid = t.id ORDER BY item_id LIMIT 1000" >"$2"
}

# inside DB : the query string of a point inside an area (the first item found)
inside() {
	sqlite3 "$1" "SELECT printf('lon=%.7f&lat=%.7f', t.minx, t.miny) FROM eo_items i JOIN rtree_eo_items_geom t ON i.fid = t.id ORDER BY item_id LIMIT 1"
}
