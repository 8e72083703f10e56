# tests/lib/http.sh - running "hazreg serve" in script tests (sourced after
# common.sh): start a server on a port the system picks, read its URL from
# what it prints, wait until it answers, stop it with SIGTERM.
#
# Servers still running when the script ends (a failed check under set -e)
# are stopped, so that no test leaves one behind.
serve_pids=""
serve_cleanup() {
	local p
	for p in $serve_pids; do
		kill -TERM "$p" 2>/dev/null || true
	done
}
trap serve_cleanup EXIT

# serve_start NAME DB [SERVE OPTIONS...] : start "hazreg --db DB serve" in
#   the background; sets NAME_url and NAME_pid. Its stdout and access log
#   go to NAME.out and NAME.log.
serve_start() {
	local name=$1 db=$2 url="" pid i
	shift 2
	: >"$name.out" # before the server opens it, so that reading it never races
	"$HAZREG" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$name.out" 2>"$name.log" &
	pid=$!
	serve_pids="$serve_pids $pid" # stopped at exit even if it never prints its URL
	for ((i = 0; i < 200; i++)); do
		url=$(sed -n 's/^hazreg: serving \(http:[^ ]*\) .*/\1/p' "$name.out")
		[ -n "$url" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ -z "$url" ]; then
		fail "serve $db: no URL printed: $(cat "$name.out" "$name.log")"
		return 1
	fi
	for ((i = 0; i < 200; i++)); do
		curl -s -o /dev/null --max-time 2 "$url/log/checkpoint" && break
		sleep 0.05
	done
	printf -v "${name}_url" '%s' "$url"
	printf -v "${name}_pid" '%s' "$pid"
}

# serve_stop NAME : SIGTERM, then the exit status must be 0.
serve_stop() {
	local name=$1 pid rc
	pid=${name}_pid
	pid=${!pid}
	kill -TERM "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	serve_pids=${serve_pids/ $pid/}
	[ "$rc" -eq 0 ] && ok "server $name stopped by SIGTERM with exit 0" ||
		fail "server $name exit $rc after SIGTERM: $(tail -5 "$name.log")"
}

# get URL OUT : the body to OUT; prints the HTTP status.
get() {
	curl -s --max-time 30 -o "$2" -w '%{http_code}' "${@:3}" "$1"
}

# post URL JSON OUT : POST a JSON body; prints the HTTP status.
post() {
	curl -s --max-time 60 -o "$3" -w '%{http_code}' -H 'Content-Type: application/json' \
		--data-binary "$2" "$1"
}
