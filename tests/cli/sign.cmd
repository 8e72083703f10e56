# "hazreg sign": an organisation's records signed for sending, private
# values with the salts their signed commitments need; what it writes,
# the register takes as it is. Keys, signatures and salts are random: masked.
"$HAZREG" import data/areas.geojson >/dev/null
"$HAZREG" keys new --org DEMO-CLEARANCE >/dev/null 2>&1
"$HAZREG" keys register --org DEMO-CLEARANCE DEMO-CLEARANCE.pub >/dev/null
mask() {
	sed -E -e 's/"[A-Za-z0-9+\/]{91}="/"(signature)"/g' -e 's/"salt":"[0-9a-f]{32}"/"salt":"(salt)"/g' \
		-e 's/\+[0-9a-f]{8}/+KEYID/g'
}
run() {
	"$HAZREG" "$@" 2>&1 | mask
	echo "  exit ${PIPESTATUS[0]}"
}
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
run sign --key DEMO-CLEARANCE.key data/item.geojson data/release.geojson
run sign --key DEMO-CLEARANCE.key data/item.geojson data/release.geojson -o signed.geojson
run import signed.geojson
"$HAZREG" show DEMO-HA-001 | grep -c "signature:"
# all or nothing
run sign --key DEMO-CLEARANCE.key data/item.geojson data/bad.geojson -o none.geojson
test -e none.geojson && echo "written" || echo "nothing written"
try sign data/item.geojson
try sign --key DEMO-CLEARANCE.key
try sign --key DEMO-CLEARANCE.pub data/item.geojson
