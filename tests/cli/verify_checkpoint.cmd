# "verify" holds the register to signed checkpoints: every leaf and tree
# head recomputed, an older checkpoint shown to be a prefix. Keys are
# random and some leaves salted: tree heads are compared, not printed.
"$HAZREG" import data/areas.geojson data/release.geojson data/item.geojson >/dev/null
"$HAZREG" keys new --org demo-mac >/dev/null 2>&1
"$HAZREG" keys new --org other-org >/dev/null 2>&1
"$HAZREG" log checkpoint --key demo-mac.key -o old.txt
# A copy that also stores a checkpoint signed by another key.
cp hazreg.gpkg two-keys.gpkg
"$HAZREG" --db two-keys.gpkg log checkpoint --key other-org.key -o other.txt
old=$("$HAZREG" log root | sed -n 's/^root: //p')
new=none
mask() {
	sed -E -e "s/$old/(root of the 9 records)/" -e "s/$new/(root of the 11 records)/" \
		-e 's/(demo-mac|other-org)\+[0-9a-f]{8}/\1+KEYID/g'
}
run() {
	"$HAZREG" "$@" 2>&1 | mask
	echo "  exit ${PIPESTATUS[0]}"
}
run verify --key demo-mac.pub --checkpoint old.txt
run verify --key demo-mac.pub --checkpoint old.txt --json
# More records: the old checkpoint covers a prefix; the new one all.
cp hazreg.gpkg before.gpkg
"$HAZREG" import data/accident.geojson data/eore.geojsons >/dev/null
run verify --key demo-mac.pub --checkpoint old.txt
"$HAZREG" log checkpoint --key demo-mac.key -o new.txt
new=$("$HAZREG" log root | sed -n 's/^root: //p')
run verify --key other-org.pub --key demo-mac.pub --old-checkpoint old.txt --checkpoint new.txt
# Every checkpoint the register stored must be signed by a trusted key.
run --db two-keys.gpkg verify --key demo-mac.pub --checkpoint old.txt
run --db two-keys.gpkg verify --key demo-mac.pub --key other-org.pub --checkpoint old.txt
# Signed by a key not trusted; trusted keys beside it.
run --db two-keys.gpkg verify --key demo-mac.pub --checkpoint other.txt
run --db two-keys.gpkg verify --key other-org.pub --key demo-mac.pub --checkpoint other.txt
# An edited size line breaks the signature.
sed '2s/.*/5/' new.txt >bad-size.txt
run verify --key demo-mac.pub --checkpoint bad-size.txt
# A register that holds fewer records than the checkpoint.
run --db before.gpkg verify --key demo-mac.pub --checkpoint new.txt
# Checkpoints in the wrong order.
run verify --key demo-mac.pub --old-checkpoint new.txt --checkpoint old.txt
# A register rebuilt from other records under the same name: the old
# checkpoint no longer holds.
mkdir other
(cd other && "$HAZREG" import ../data/areas.geojson ../data/item.geojson >/dev/null &&
	"$HAZREG" import ../data/release.geojson ../data/accident.geojson ../data/eore.geojsons >/dev/null &&
	"$HAZREG" log checkpoint --key ../demo-mac.key -o ../rewritten.txt)
run --db other/hazreg.gpkg verify --key demo-mac.pub --old-checkpoint old.txt --checkpoint rewritten.txt
# Usage errors name the argument.
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
try verify --checkpoint new.txt
try verify --key demo-mac.pub
try verify --key demo-mac.key --checkpoint new.txt
try verify --key demo-mac.pub --checkpoint new.txt --checkpoint old.txt
try verify --key demo-mac.pub --checkpoint new.txt extra
try verify --key demo-mac.pub --checkpoint no-such.txt
# No key material in any output.
"$HAZREG" verify --key demo-mac.pub --checkpoint new.txt --json >all.txt 2>&1
"$HAZREG" verify --key demo-mac.pub --checkpoint new.txt >>all.txt 2>&1
grep -c -e "PRIVATE+KEY" -e "$(cut -d+ -f3 demo-mac.pub)" -e "$(cut -d+ -f5 demo-mac.key)" all.txt
exit 0
