# Signed records: once an organisation has registered a key, the register
# accepts its records only when signed with an active key of its own;
# "verify" replays the registrations and every signature. Keys are
# random: key IDs and signatures are masked.
"$HAZREG" import data/areas.geojson >/dev/null
for o in DEMO-CLEARANCE DEMO-NGO intruder auditor; do
	"$HAZREG" keys new --org $o >/dev/null 2>&1
done
mask() {
	sed -E -e 's/\+[0-9a-f]{8}\+[A-Za-z0-9+\/]{44}/+KEYID+(key)/g' -e 's/\+[0-9a-f]{8}/+KEYID/g' \
		-e 's/key ID [0-9a-f]{8}/key ID KEYID/g' -e 's/"key_id":"[0-9a-f]{8}"/"key_id":"KEYID"/g' \
		-e 's/"[A-Za-z0-9+\/]{91}="/"(signature)"/g' -e 's/^tree head: .*/tree head: (root)/' \
		-e 's/since [0-9T:-]+Z/since (now)/' -e 's/"since":"[^"]*"/"since":"(now)"/' \
		-e 's/  [0-9a-f]{16}$/  (leaf)/'
}
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p | mask
	echo "  exit ${PIPESTATUS[0]}"
}
run() {
	"$HAZREG" "$@" 2>&1 | mask
	echo "  exit ${PIPESTATUS[0]}"
}
run keys register --org DEMO-CLEARANCE DEMO-CLEARANCE.pub
run keys register --org DEMO-CLEARANCE DEMO-CLEARANCE.pub
run keys list
run keys list --org DEMO-CLEARANCE --json
run keys list --org nobody
# Unsigned, or signed with a key that is not the organisation's: refused.
run import data/release.geojson
run import --sign intruder.key data/release.geojson
# Signed by an organisation that registered no key: refused.
run import --sign DEMO-NGO.key data/eore.geojsons
# Signed with the organisation's key: appended, with its signature.
run import --sign DEMO-CLEARANCE.key data/release.geojson
run log list --from 8 --to 9
"$HAZREG" show DEMO-HA-001 | grep "signature:" | mask
"$HAZREG" show DEMO-HA-001 --json | grep -o '"signature":"[^"]*"' | mask
# A key stays with the organisation it was registered for.
run keys register --org DEMO-NGO DEMO-CLEARANCE.pub
# Revoked: later signatures with it are refused, earlier ones stay valid,
# and with no active key left the organisation's unsigned records are
# accepted again.
run keys revoke --org DEMO-CLEARANCE DEMO-CLEARANCE.pub --note "laptop lost"
run keys revoke --org DEMO-CLEARANCE DEMO-CLEARANCE.pub
run keys revoke --org DEMO-NGO DEMO-NGO.pub
run import --sign DEMO-CLEARANCE.key data/item.geojson
run import data/item.geojson
run keys list
# The auditor replays registrations and signatures from the log alone.
"$HAZREG" log checkpoint --key auditor.key -o cp.txt
run verify --key auditor.pub --checkpoint cp.txt
# ... also in an export.
"$HAZREG" log export pub --key auditor.key >/dev/null
run verify --dir pub --key auditor.pub
# Usage errors.
try keys register DEMO-CLEARANCE.pub
try keys register --org DEMO-CLEARANCE
try keys register --org DEMO-CLEARANCE DEMO-CLEARANCE.key
try keys register --org DEMO-CLEARANCE no-such.pub
try import --sign DEMO-CLEARANCE.pub data/item.geojson
try import --sign no-such.key data/item.geojson
