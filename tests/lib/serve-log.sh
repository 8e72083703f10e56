# tests/lib/serve-log.sh - reading what "hazreg serve" writes to its log
# (NAME.log, as tests/lib/http.sh starts it), sourced after http.sh: the
# listener's events and the access log's lines, so that a test can tell
# what a server did without asking it anything.

# index_at NAME SIZE : wait (at most 5 s) until server NAME's log says its
#   index holds SIZE records ({"event":"index",...,"log_size":SIZE}); prints
#   the milliseconds waited
index_at() {
	local t0 i
	t0=$(date +%s%N)
	for ((i = 0; i < 500; i++)); do
		if grep -q "\"event\":\"index\",\"version\":[0-9]*,\"log_size\":$2}" "$1.log"; then
			echo $((($(date +%s%N) - t0) / 1000000))
			return 0
		fi
		sleep 0.01
	done
	return 1
}

# requests NAME : how many requests server NAME has answered (access log lines)
requests() { grep -c '"method":' "$1.log" || true; }
