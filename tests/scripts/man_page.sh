#!/usr/bin/env bash
# man_page.sh - man/hazreg.1 renders without a warning and documents what
# the binary offers: every command "hazreg --help" lists, every exit
# status, the environment, and the doctrine sentence. Each listed command
# must also have a manual ("hazreg help COMMAND").
#
# Environment: HAZREG (the binary), HR_SRC (source tree; default: this
# script's), HR_TEST_TMP (scratch directory; default: a temporary one).
set -u

: "${HAZREG:?set HAZREG to the hazreg binary}"
src=${HR_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
page=$src/man/hazreg.1
tmp=${HR_TEST_TMP:-}
if [ -z "$tmp" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi
mkdir -p "$tmp"
fail=0

problem() {
	echo "FAIL: $*"
	fail=1
}

# Render without hyphenation or justification so words stay whole.
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 LC_ALL=C.UTF-8 man --nh --nj --warnings -l "$page" >"$tmp/page.txt" 2>"$tmp/warnings"
	rc=$?
elif command -v groff >/dev/null 2>&1; then
	LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -P-cbou -rLL=80n "$page" >"$tmp/page.txt" 2>"$tmp/warnings"
	rc=$?
else
	echo "SKIP: neither man nor groff is installed"
	exit 0
fi
[ "$rc" -eq 0 ] || problem "rendering $page failed (exit $rc)"
if [ -s "$tmp/warnings" ]; then
	problem "rendering $page gave warnings:"
	sed 's/^/    /' "$tmp/warnings"
fi
# One line of text, spaces squeezed, for phrase searches.
flat=$(tr -s ' \n\t' '   ' <"$tmp/page.txt")

has() {
	case $flat in
	*"$1"*) return 0 ;;
	esac
	return 1
}

"$HAZREG" --help >"$tmp/help.txt" || problem "hazreg --help failed"
commands=$(sed -n '/^Commands:/,/^$/p' "$tmp/help.txt" | sed -En 's/^  ([a-z]+( [a-z]+)?)  +.*/\1/p')
[ -n "$commands" ] || problem "no commands found in hazreg --help"
n=0
while IFS= read -r cmd; do
	[ -n "$cmd" ] || continue
	n=$((n + 1))
	has "hazreg $cmd" || problem "command '$cmd' (from hazreg --help) is not in the man page"
	# shellcheck disable=SC2086 # the command's words are separate arguments
	"$HAZREG" help $cmd >"$tmp/manual.txt" 2>&1 || problem "hazreg help $cmd failed"
	for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES; do
		grep -qx "$section" "$tmp/manual.txt" ||
			problem "hazreg help $cmd has no $section section"
	done
done <<<"$commands"

for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "TIME FORMAT" "EXIT STATUS" \
	ENVIRONMENT FILES EXAMPLES; do
	grep -qx "$section" "$tmp/page.txt" || problem "the man page has no $section section"
done
for word in HAZREG_DB HAZREG_NOW --db --json --version --at --skip-invalid --max-errors \
	--layer --profile --format --from --to --known-at --log-size hazreg.gpkg; do
	has "$word" || problem "the man page does not mention $word"
done
for status in 0 1 2 3 4 5; do
	grep -Eq "^ +$status +[A-Z]" "$tmp/page.txt" || problem "exit status $status is not documented"
	grep -Eq "^  $status  " "$tmp/help.txt" || problem "hazreg --help does not document exit status $status"
done
has "hazreg never calls ground safe; only survey and clearance records release land." ||
	problem "the doctrine sentence is missing"

[ "$fail" -eq 0 ] && echo "man page: renders cleanly, documents all $n commands"
exit "$fail"
