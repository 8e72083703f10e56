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

