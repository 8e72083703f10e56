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

# serve_start DB [SERVE ARGS...]: start "hazreg serve" on a free loopback
# port in the background; sets SERVE_PID and URL once it listens.
serve_start() {
	local db=$1 i
	shift
	rm -f serve.out
	"$HAZREG" --db "$db" serve --listen 127.0.0.1:0 "$@" >serve.out 2>>serve.log &
	SERVE_PID=$!
	URL=
	for i in $(seq 1 100); do
		URL=$(sed -n 's/^hazreg: serving \(http:[^ ]*\) .*/\1/p' serve.out 2>/dev/null)
		[ -n "$URL" ] && return 0
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.1
	done
	fail "the server did not start: $(cat serve.log)"
	return 1
}
# serve_stop: SIGTERM the server; it must exit 0.
serve_stop() {
	local rc=0
	kill -TERM "$SERVE_PID" 2>/dev/null || true
	wait "$SERVE_PID" || rc=$?
	[ "$rc" -eq 0 ] && ok "the server stopped on SIGTERM with status 0" ||
		fail "the server exited $rc on SIGTERM"
}
