# CSV with HXL tags, both ways: GeoJSON -> hazreg -> CSV+HXL -> a new
# register gives the same state. Compared: the two registers' public GeoJSON
# exports, byte for byte, for the CLI fixture and for generated demo data
# (for the latter, without the columns that come from history: first_reported,
# records, last_index, and hazard_from of an area reported more than once,
# since a CSV carries each subject's current state as one record); and the internal export but for what the CSV cannot carry (the
# accidents' victims are private, so only counted, never written).
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
data=$HR_SRC/tests/cli/data

# export_csv DB DIR : every layer of DB as CSV with HXL tags into DIR
export_csv() {
	mkdir -p "$2"
	for layer in areas releases items eore; do
		"$HAZREG" --db "$1" export --format csv --hxl --layer "$layer" -o "$2/$layer.csv" \
			>/dev/null || fail "export --format csv --layer $layer"
	done
	"$HAZREG" --db "$1" export --format csv --hxl --profile internal --layer accidents \
		-o "$2/accidents.csv" >/dev/null || fail "export --format csv --layer accidents"
}
reimport() {
	"$HAZREG" --db "$2" import "$1/areas.csv" "$1/releases.csv" "$1/items.csv" \
		"$1/accidents.csv" "$1/eore.csv" >/dev/null || fail "import of the CSV files of $1"
}
# FILE without the columns that come from history; hazard_from too for the
# subjects that had more than one record in the register of FILE2
flat() {
	jq -S --slurpfile h "$2" '
		([$h[0].features[] | select(.properties.records > 1) | .id]) as $many
		| .features[] | (if (.id as $id | $many | index([$id])) then
			del(.properties.hazard_from) else . end)
		| del(.properties.first_reported, .properties.records, .properties.last_index)' "$1"
}

# 1. the CLI fixture: exactly the same public export
a=$(register fixture) b=$(register again)
"$HAZREG" --db "$a" import "$data/areas.geojson" "$data/release.geojson" "$data/item.geojson" \
	"$data/accident.geojson" "$data/eore.geojsons" >/dev/null || fail "fixture import"
export_csv "$a" fx
reimport fx "$b"
"$HAZREG" --db "$a" export >a.geojson
"$HAZREG" --db "$b" export >b.geojson
if cmp -s a.geojson b.geojson; then
	ok "fixture: the public exports are the same bytes"
else
	fail "fixture: the public exports differ"
	diff a.geojson b.geojson | head -20
fi
"$HAZREG" --db "$a" export --profile internal | jq -S '.features[] | del(.properties.victims)' >ai.json
"$HAZREG" --db "$b" export --profile internal | jq -S '.features[] | del(.properties.victims)' >bi.json
cmp -s ai.json bi.json && ok "fixture: the internal exports agree but for the victims count" ||
	fail "fixture: the internal exports differ"
# the CSV written the second time is the same as the first
export_csv "$b" fx2
for f in areas releases items eore accidents; do
	cmp -s "fx/$f.csv" "fx2/$f.csv" || fail "$f.csv differs when written again"
done
ok "fixture: CSV written again is the same bytes"

# 2. generated demo data (updates, releases, items, accidents, EORE)
gen --profile demo --seed 11 --areas 300 -o demo.geojson
c=$(register demo) d=$(register demo_again)
"$HAZREG" --db "$c" import demo.geojson >/dev/null || fail "demo import"
export_csv "$c" demo
n=$(($(wc -l <demo/areas.csv) - 2))
[ "$n" -ge 300 ] && ok "demo: $n areas written" || fail "demo: $n areas written"
reimport demo "$d"
"$HAZREG" --db "$c" export >c.geojson
"$HAZREG" --db "$d" export >d.geojson
flat c.geojson c.geojson >c.flat
flat d.geojson c.geojson >d.flat
many=$(jq '[.features[] | select(.properties.records > 1)] | length' c.geojson)
[ "$many" -gt 0 ] && ok "demo: $many subjects with more than one record" ||
	fail "demo: no subject with history: the comparison shows little"
if cmp -s c.flat d.flat; then
	ok "demo: the public exports agree but for the history counts"
else
	fail "demo: the public exports differ"
	diff c.flat d.flat | head -20
fi
finish
