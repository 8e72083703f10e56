# Bearer tokens of the HTTP API: printed once (the register keeps a hash),
# listed with role, status and expiry but never a secret, revoked once.
# Tokens and ids are random: masked.
"$HAZREG" init >/dev/null
mask() {
	sed -E -e 's/hzt_[A-Za-z0-9_-]{54}/hzt_(secret)/g' -e 's/\b[0-9a-f]{16}\b/(id)/g'
}
run() {
	"$HAZREG" "$@" 2>&1 | mask
	echo "  exit ${PIPESTATUS[0]}"
}
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
run token new --role reporter --org "Demo NGO" --note "field office"
run token new --role analyst --expires 12h --json
"$HAZREG" token new --role admin --expires 2026-06-01 --json 2>/dev/null >admin.json
admin=$(sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p' admin.json)
"$HAZREG" token list | mask | sort
run token revoke "$admin"
run token revoke "$admin"
run token revoke 0000000000000000
"$HAZREG" token list | mask | sort
# no token text, nor any hash, is ever listed
"$HAZREG" token list --json | grep -c 'hzt_\|hash'
# refused
try token new --org "Demo NGO"
try token new --role owner
try token new --role reporter
try token new --role admin --expires 2025-12-31
try token new --role admin --expires 0d
try token new --role admin --expires tomorrow
try token revoke
