# OGC API - Features over HTTP: `hazreg serve` on a generated register, read
# by GDAL's OAPIF driver and by curl. Feature counts against the GeoPackage
# (or the database) itself; the datetime filter against `hazreg query bbox --at`; paging by
# next links visits every feature once; refusals; accidents invisible to
# the public; and the server stops cleanly on SIGTERM.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/http.sh"
cd "$HR_TEST_TMP"
db=$(register reg) || fail "no register"
gen --profile demo --seed 11 --areas 120 -o demo.geojson
"$HAZREG" --db "$db" import demo.geojson >/dev/null

# One area released whole, so that a datetime shows it leave: a cleared part
# with its own perimeter, released on 2025-06-01.
whole=$(sql "$db" "SELECT area_id FROM hazardous_areas WHERE hazard_from < '2025-01-01'
	AND area_id NOT IN (SELECT area_id FROM release_parts) ORDER BY area_id LIMIT 1")
[ -n "$whole" ] || fail "no area to release in the generated register"
"$HAZREG" --db "$db" export --format geojson --layer areas -o areas.geojson
jq -c --arg id "$whole" '{type: "FeatureCollection", features: [.features[] | select(.id == $id) |
	{type: "Feature", id: "TEST-RP-WHOLE", geometry: .geometry,
	 properties: {kind: "release", org: "Test Clearance", date_of_information: "2025-06-01",
	              area_id: $id, release: "cleared", method: "clearance", depth_cm: 20,
	              released_at: "2025-06-01T00:00:00Z"}}]}' areas.geojson >release.geojson
"$HAZREG" --db "$db" import release.geojson >/dev/null || fail "import of the whole release"

# Serve on a free port; the URL is printed once it listens.
serve_start srv "$db" --max-limit 1000 || finish
url=$srv_url
ok "serving $url"

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
matched() { curl -sf "$1" | jq -r '.numberMatched'; }

# (a) GDAL sees the collections and the right number of features
ogrinfo -ro -so "OAPIF:$url/" >layers.txt 2>gdal.err || fail "ogrinfo OAPIF: $(cat gdal.err)"
for c in hazardous_areas release_parts eo_items; do
	grep -q "^[0-9]*: $c " layers.txt && ok "GDAL lists $c" || fail "GDAL does not list $c: $(cat layers.txt)"
done
grep -q accidents layers.txt && fail "GDAL lists accidents to the public" || ok "GDAL does not list accidents"
want=$(sql "$db" "SELECT count(*) FROM hazardous_areas")
ogrinfo -ro "OAPIF:$url/" hazardous_areas -so >info.txt 2>gdal.err || fail "ogrinfo layer: $(cat gdal.err)"
got=$(sed -n 's/^Feature Count: //p' info.txt)
[ "$got" = "$want" ] && ok "GDAL: $got hazardous areas, as in the GeoPackage" || fail "GDAL count $got, GeoPackage $want"
grep -q 'Geometry: Multi Polygon' info.txt && ok "GDAL: multipolygons" || fail "geometry: $(grep Geometry info.txt)"
# GDAL reads every feature by following the next links itself
n=$(ogrinfo -ro "OAPIF:$url/" eo_items 2>gdal.err | grep -c '^OGRFeature(' || true)
want=$(sql "$db" "SELECT count(*) FROM eo_items")
[ "$n" = "$want" ] && ok "GDAL read all $n items page by page" || fail "GDAL read $n items, want $want: $(cat gdal.err)"

# (b) datetime: what the register says was hazardous then (a box over the world)
items="$url/collections/hazardous_areas/items"
prev=
for t in 2024-01-01T00:00:00Z 2025-05-31T23:59:59Z 2025-06-01T00:00:00Z 2026-01-01T00:00:00Z; do
	want=$("$HAZREG" --db "$db" query bbox -180 -90 180 90 --at $t --json | jq -r '.hazardous_count')
	got=$(matched "$items?datetime=$t&limit=1")
	[ "$got" = "$want" ] && ok "datetime=$t: $got hazardous areas, as hazreg query says" ||
		fail "datetime=$t: numberMatched $got, hazreg query bbox says $want"
	[ -n "$prev" ] && [ "$got" != "$prev" ] && changed=1
	prev=$got
done
[ "${changed:-0}" = 1 ] && ok "the datetime filter changes the count" || fail "the count never changed over time"
in_before=$(curl -sf "$url/collections/hazardous_areas/items?datetime=2025-05-31T23:59:59Z&limit=1000" |
	jq --arg id "$whole" '[.features[].id] | index($id) != null')
in_after=$(curl -sf "$url/collections/hazardous_areas/items?datetime=2025-06-01T00:00:00Z&limit=1000" |
	jq --arg id "$whole" '[.features[].id] | index($id) != null')
[ "$in_before/$in_after" = "true/false" ] && ok "$whole is hazardous until its release, not after" ||
	fail "$whole listed before/after its release: $in_before/$in_after"
# an interval: what was hazardous at its start, and what became hazardous in it
got=$(matched "$items?datetime=2025-05-01T00:00:00Z/2025-07-01T00:00:00Z")
want=$(matched "$items?datetime=2025-05-01T00:00:00Z")
began=$(sql "$db" "SELECT count(*) FROM hazardous_areas WHERE hazard_from > '2025-05-01T00:00:00.000Z'
	AND hazard_from <= '2025-07-01T00:00:00.000Z'")
[ "$got" = "$((want + began))" ] && [ "$began" -gt 0 ] &&
	ok "an interval counts what was hazardous at some time in it ($want + $began)" ||
	fail "interval $got, want $want at its start + $began begun in it"
got=$(matched "$items?datetime=2025-05-01")
[ "$got" -ge "$want" ] && ok "a date is the whole day" || fail "date $got < instant $want"
# items are dated by found_at
want=$(sql "$db" "SELECT count(*) FROM eo_items WHERE found_at <= '2025-06-01T00:00:00.000Z'")
got=$(matched "$url/collections/eo_items/items?datetime=../2025-06-01T00:00:00Z")
[ "$got" = "$want" ] && ok "eo_items found by 2025-06-01: $got" || fail "eo_items $got, want $want"

# (c) paging: next links with limit=7 visit every feature exactly once
page_all() {
	next="$1"
	: >ids.txt
	pages=0
	while [ -n "$next" ] && [ "$pages" -lt 1000 ]; do
		curl -sf "$next" >page.json || { fail "GET $next"; break; }
		jq -r '.features[].id' page.json >>ids.txt
		n=$(jq -r '.numberReturned' page.json)
		[ "$n" -le 7 ] || fail "page of $n features with limit=7"
		next=$(jq -r '.links[] | select(.rel == "next") | .href' page.json)
		pages=$((pages + 1))
	done
}
page_all "$items?limit=7"
total=$(sql "$db" "SELECT count(*) FROM hazardous_areas")
[ "$(wc -l <ids.txt)" = "$total" ] && ok "paging: $total features in $pages pages" ||
	fail "paging: $(wc -l <ids.txt) features, want $total"
[ -z "$(sort ids.txt | uniq -d)" ] && ok "paging: no feature twice" || fail "paging: repeated $(sort ids.txt | uniq -d | head -3)"
sql "$db" "SELECT area_id FROM hazardous_areas ORDER BY area_id" >all.txt
sort ids.txt | cmp -s - all.txt && ok "paging: every feature once" || fail "paging: not every feature"
want=$(matched "$items?datetime=2025-06-01T00:00:00Z&bbox=30,45,40,52")
page_all "$items?limit=7&datetime=2025-06-01T00:00:00Z&bbox=30,45,40,52"
[ "$(sort -u ids.txt | wc -l)" = "$want" ] && [ "$(wc -l <ids.txt)" = "$want" ] &&
	ok "paging with bbox and datetime: $want features" || fail "filtered paging: $(wc -l <ids.txt), want $want"
prev=$(curl -sf "$items?limit=7&offset=14" | jq -r '.links[] | select(.rel == "prev") | .href')
[ "$(curl -sf "$prev" | jq -r '.features[0].id')" = "$(sed -n 8p all.txt)" ] && ok "prev link" || fail "prev link $prev"

# (d) refusals and misses, with their status codes
check() { # WANT URL WHAT
	got=$(status "$2")
	[ "$got" = "$1" ] && ok "$3: $got" || fail "$3: $got, want $1 ($2)"
}
check 400 "$items?bbox=30,45,40" "bbox of three numbers"
check 400 "$items?bbox=30,45,x,52" "bbox with a word"
check 400 "$items?bbox=40,45,30,52" "bbox west of east"
check 400 "$items?bbox=30,95,40,52" "bbox latitude beyond 90"
check 400 "$items?datetime=yesterday" "datetime not a time"
check 400 "$items?datetime=2025-06-01T00:00:00" "datetime without a zone"
check 400 "$items?datetime=2025-06-02T00:00:00Z/2025-06-01T00:00:00Z" "datetime interval backwards"
check 400 "$items?datetime=../.." "datetime open both ends"
check 400 "$items?limit=0" "limit 0"
check 400 "$items?limit=1001" "limit beyond --max-limit"
check 200 "$items?limit=1000" "limit at --max-limit"
check 400 "$items?limit=-3" "limit negative"
check 400 "$items?offset=x" "offset not a number"
check 400 "$items?colour=red" "unknown parameter"
check 400 "$items?f=xml" "unknown format"
check 200 "$items?f=geojson&limit=1" "f=geojson"
check 404 "$url/collections/minefields" "no such collection"
check 404 "$url/collections/minefields/items" "items of no such collection"
check 404 "$items/NO-SUCH-AREA" "no such feature"
check 404 "$url/nowhere" "no such path"
body=$(curl -sf "$items?bbox=30,45,40" || true)
curl -s "$items?bbox=30,45,40" | jq -e '.description | test("bbox")' >/dev/null &&
	ok "the 400 names bbox" || fail "the 400 does not name bbox: $body"
first=$(sed -n 1p all.txt)
check 200 "$items/$first" "one feature"
[ "$(curl -sf "$items/$first" | jq -r '.id')" = "$first" ] && ok "feature $first" || fail "feature $first"
html=$(curl -sf -H 'Accept: text/html' "$items?limit=3")
echo "$html" | grep -q '<html lang="en">' && echo "$html" | grep -q '<table>' &&
	echo "$html" | grep -q "$first" && ok "HTML page of items with its table" || fail "HTML: $html"
echo "$html" | grep -qi safe && fail "the HTML calls something safe" || ok "the HTML never says safe"
ct=$(curl -s -o /dev/null -w '%{content_type}' "$items?f=html")
[ "$ct" = "text/html; charset=utf-8" ] && ok "f=html: $ct" || fail "f=html content type $ct"
ct=$(curl -s -o /dev/null -w '%{content_type}' "$items")
[ "$ct" = "application/geo+json" ] && ok "items: $ct" || fail "items content type $ct"

# (e) accidents: the register has some, and the public cannot tell
acc=$(sql "$db" "SELECT accident_id FROM accidents ORDER BY accident_id LIMIT 1")
[ -n "$acc" ] || fail "the generated register has no accident: the check would be vacuous"
curl -sf "$url/collections" | jq -e '[.collections[].id] | index("accidents") == null' >/dev/null &&
	ok "/collections does not list accidents" || fail "/collections lists accidents"
check 404 "$url/collections/accidents" "accidents collection, public"
check 404 "$url/collections/accidents/items" "accidents items, public"
check 404 "$url/collections/accidents/items/$acc" "an accident, public"
[ "$(curl -s "$url/collections/accidents")" = "$(curl -s "$url/collections/minefields" | sed 's/minefields/accidents/')" ] &&
	ok "the 404 for accidents is that of a collection that never was" || fail "the 404s differ"

# /api: JSON that describes the API
ct=$(curl -s -o api.json -w '%{content_type}' "$url/api")
[ "$ct" = "application/vnd.oai.openapi+json;version=3.0" ] && ok "/api: $ct" || fail "/api content type $ct"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["openapi"].startswith("3.0")' api.json &&
	ok "/api parses as JSON" || fail "/api is not OpenAPI JSON"
# a valid OpenAPI 3.0 document, where the validator is installed
if python3 -c 'import openapi_spec_validator' 2>/dev/null; then
	python3 -c 'import json,sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1])))' api.json 2>val.err &&
		ok "/api is valid OpenAPI 3.0" || fail "/api is not valid OpenAPI: $(tail -3 val.err)"
else
	echo "skip: no openapi_spec_validator to validate /api"
fi
for p in /collections/{collectionId}/items /risk/point /log/checkpoint /records /reports/{tracking_id}; do
	jq -e --arg p "$p" '.paths[$p]' api.json >/dev/null && ok "/api has $p" || fail "/api lacks $p"
done
curl -sf "$url/" | jq -e '[.links[].rel] | contains(["self", "service-desc", "service-doc", "conformance", "data"])' >/dev/null &&
	ok "landing page links" || fail "landing page links"

# SIGTERM: the server stops and exits 0
serve_stop srv
finish
