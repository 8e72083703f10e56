# Doctrine, tested: the model never writes to the store, never releases
# land, and no output calls a place safe; an open area is "hazardous" in
# every answer whatever the model says.
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
db=$(register reg) || fail "no register"
# the model's own sources include nothing that could reach the store
for f in "$HR_SRC"/src/risk/*.c; do
	bad=$(grep -E '^#include' "$f" | grep -Ev '<(math|stdint|stddef|stdlib|string|float|limits|gsl/[a-z_]+)\.h>|"hazreg/(risk|common)\.h"|"risk/risk_int\.h"' || true)
	[ -z "$bad" ] && ok "$(basename "$f") includes only the model's headers" || fail "$(basename "$f") includes $bad"
done
# An area whose devices all passed their SDA deadline long ago: the model
# says residual with almost nothing expected; the area is still open.
cat >old.geojson <<'JSON'
{"type":"FeatureCollection","features":[
{"type":"Feature","id":"OLD-1","geometry":{"type":"Polygon","coordinates":[[[37,48],[37.01,48],[37.01,48.01],[37,48.01],[37,48]]]},
 "properties":{"org":"Demo NGO","date_of_information":"2020-01-10","classification":"CHA","status":"open",
  "contamination":[{"class":"np-sd-4h","count":2,"confirmed":true,"emplaced_earliest":"2020-01-01T00:00:00Z","emplaced_latest":"2020-01-02T00:00:00Z"}]}}]}
JSON
"$HAZREG" --db "$db" import old.geojson >/dev/null
gen --profile demo --seed 9 --areas 200 -o demo.geojson
"$HAZREG" --db "$db" import demo.geojson >/dev/null
sum_before=$(sha256sum "$(register_bytes "$db")" | cut -d' ' -f1)
log_before=$(sql "$db" 'SELECT count(*) FROM hr_log')
out=$("$HAZREG" --db "$db" query point 37.005 48.005 --at 2026-01-01T00:00:00Z)
echo "$out" | grep -q 'HAZARDOUS here' && ok "residual-phase open area: text says HAZARDOUS" || fail "text: $out"
echo "$out" | grep -q 'phase:             residual' && ok "and the model says residual beside it" || fail "model phase missing: $out"
json=$("$HAZREG" --db "$db" query point 37.005 48.005 --at 2026-01-01T00:00:00Z --json)
echo "$json" | grep -q '"state":"hazardous"' && ok "JSON state hazardous" || fail "JSON: $json"
echo "$json" | grep -q 'DANGER' && ok "civilian message says DANGER" || fail "message: $json"
uk=$("$HAZREG" --db "$db" query point 37.005 48.005 --at 2026-01-01T00:00:00Z --lang uk)
echo "$uk" | grep -q 'НЕБЕЗПЕКА' && ok "Ukrainian message" || fail "uk: $uk"
# every area the demo holds, at many times: open and unreleased means hazardous
"$HAZREG" --db "$db" export --format geojson --layer areas -o areas.geojson
n=0
for t in 2024-06-01T00:00:00Z 2025-06-01T00:00:00Z 2030-01-01T00:00:00Z 2099-01-01T00:00:00Z; do
	"$HAZREG" --db "$db" query bbox 22 44 41 53 --at $t --json >box.json
	# any area listed with no released part by then must be hazardous
	seen=$(tr '{' '\n' <box.json | grep '"area_id"' | grep -c '"released_parts":0' || true)
	[ "$seen" -gt 0 ] || fail "at $t no unreleased area was listed: the check would be vacuous"
	bad=$(tr '{' '\n' <box.json | grep '"area_id"' | grep '"released_parts":0' | grep -vc '"state":"hazardous"' || true)
	[ "$bad" -eq 0 ] && ok "at $t every unreleased area is hazardous" || fail "at $t: $bad unreleased areas not hazardous"
	n=$((n + 1))
done
# no output of any command calls a place safe
for cmd in "query point 37.005 48.005" "query point 35 46" "query bbox 34 46 40 50.5" "show OLD-1" "risk timeline OLD-1" "reliability"; do
	# shellcheck disable=SC2086
	"$HAZREG" --db "$db" $cmd >o.txt 2>&1 || true
	# shellcheck disable=SC2086
	"$HAZREG" --db "$db" $cmd --json >>o.txt 2>&1 || true
	if grep -qi 'safe' o.txt; then fail "'$cmd' says safe: $(grep -i safe o.txt | head -2)"; else ok "'$cmd' never says safe"; fi
done
"$HAZREG" --db "$db" plot OLD-1 -o old.svg >/dev/null 2>&1 && ! grep -qi safe old.svg && ok "plot never says safe" || fail "plot failed or says safe"
grep -q 'status: open' old.svg && grep -q 'Hazardous until released' old.svg && ok "plot of an open area: status and hazardous" || fail "plot lacks status or the hazardous line"
"$HAZREG" --db "$db" risk timeline OLD-1 >tl.txt && grep -q 'status open' tl.txt && grep -qi 'hazardous until released' tl.txt &&
	ok "timeline of an open area: status and hazardous" || fail "timeline: $(head -3 tl.txt)"
# Ukrainian outputs: "безпечн" (safe) only ever as "небезпечн" (dangerous):
# remove every "небезпечн" and no "безпечн" may be left
says_safe_uk() {
	sed -e 's/небезпечн//g; s/Небезпечн//g; s/НЕБЕЗПЕЧН//g' "$1" | grep -q 'безпечн\|Безпечн\|БЕЗПЕЧН'
}
for cmd in "query point 37.005 48.005" "query point 35 46" "query point 37.002 48.002 --at 2019-01-01"; do
	# shellcheck disable=SC2086
	"$HAZREG" --db "$db" $cmd --lang uk >uk.txt 2>&1 || true
	if says_safe_uk uk.txt; then
		fail "'$cmd --lang uk' calls a place safe: $(cat uk.txt)"
	else ok "'$cmd --lang uk' never says safe"; fi
done
"$HAZREG" --db "$db" plot OLD-1 --lang uk -o old_uk.svg >/dev/null 2>&1 &&
	! says_safe_uk old_uk.svg &&
	ok "Ukrainian plot never says safe" || fail "Ukrainian plot failed or says safe"
# nothing above wrote to the register
[ "$(sha256sum "$(register_bytes "$db")" | cut -d' ' -f1)" = "$sum_before" ] &&
	ok "register (file, or every row of the database) unchanged by every model output" ||
	fail "the register changed"
[ "$(sql "$db" 'SELECT count(*) FROM hr_log')" = "$log_before" ] || fail "the log grew"
[ "$(sql "$db" "SELECT status FROM hazardous_areas WHERE area_id='OLD-1'")" = open ] && ok "status still open" || fail "status changed"
finish
