#!/usr/bin/env bash
# http_map.sh - what the server gives the map page: its files (hazreg serve
# --web DIR) at /map/ with their types and ETags, nothing beyond the files
# read at start (hidden files, links and dot segments are 404), "/" as the
# page for a browser and the OGC landing page for other clients; the
# residual-risk phase of each hazardous area in an items page at an
# instant, equal to what "hazreg show --at" computes; and the history of
# an area (GET /areas/{id}/history) with public fields only, accidents for
# analysts only.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/http.sh"
cd "$HR_TEST_TMP"
data=$HR_SRC/tests/cli/data
db=$(register reg) || fail "no register"
H() { "$HAZREG" --db "$db" "$@"; }
H import "$data/areas.geojson" "$data/release.geojson" "$data/item.geojson" \
	"$data/accident.geojson" >/dev/null || fail "import"

# ---- the page's files ------------------------------------------------------
mkdir -p web/images web/.secret
printf '<!doctype html><title>map</title><script src="/map/app.js"></script>\n' >web/index.html
printf 'console.log("map");\n' >web/app.js
printf '\x89PNG\r\n\x1a\n' >web/images/layers.png
printf 'hidden\n' >web/.hidden
printf 'hidden\n' >web/.secret/key
echo "outside the page" >outside.txt
ln -s ../outside.txt web/link.txt

serve_start srv "$db" --web web
url=$srv_url
grep -q "the map at $url/" srv.out && ok "says where the map is" || fail "start line: $(cat srv.out)"

st=$(get "$url/map/app.js" app.js -D app.head)
[ "$st" = 200 ] && cmp -s app.js web/app.js && ok "/map/app.js: 200, the file" || fail "app.js: $st"
grep -qi '^Content-Type: text/javascript' app.head && ok "app.js is JavaScript" ||
	fail "app.js type: $(cat app.head)"
etag=$(sed -n 's/^[Ee][Tt][Aa][Gg]: *\("[0-9a-f]*"\).*/\1/p' app.head | tr -d '\r')
[ ${#etag} -eq 34 ] && ok "ETag $etag" || fail "no ETag: $(cat app.head)"
st=$(get "$url/map/app.js" nm.out -H "If-None-Match: $etag")
[ "$st" = 304 ] && [ ! -s nm.out ] && ok "same ETag: 304, no body" || fail "If-None-Match: $st"
st=$(get "$url/map/app.js" nm.out -H 'If-None-Match: "0000"')
[ "$st" = 200 ] && ok "other ETag: 200" || fail "other ETag: $st"
st=$(get "$url/map/images/layers.png" png.out -D png.head)
[ "$st" = 200 ] && grep -qi '^Content-Type: image/png' png.head && ok "a file below a folder, typed" ||
	fail "images/layers.png: $st $(cat png.head)"
for p in /map/.hidden /map/.secret/key /map/link.txt /map/../outside.txt /map/images/../app.js \
	/map/%2e%2e/outside.txt /map/images/ /map/ /map/nothing.js "/map/app.js%00.png"; do
	st=$(get "$url$p" out.txt --path-as-is)
	[ "$st" = 404 ] && ! grep -q "outside the page" out.txt && ok "$p: 404" ||
		fail "$p: $st $(head -c 200 out.txt)"
done

# "/": the page for a browser, the landing page for the rest
st=$(get "$url/" home.html -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8')
[ "$st" = 200 ] && cmp -s home.html web/index.html && ok "/ for a browser: the map page" ||
	fail "/ (browser): $st $(head -c 200 home.html)"
st=$(get "$url/" home.json -H 'Accept: application/json')
[ "$st" = 200 ] && jq -e '.links | map(.rel) | index("conformance")' home.json >/dev/null &&
	ok "/ for JSON: the OGC landing page" || fail "/ (JSON): $st $(head -c 200 home.json)"
st=$(get "$url/?f=html" land.html -H 'Accept: text/html')
[ "$st" = 200 ] && grep -q 'conformance' land.html && ! cmp -s land.html web/index.html &&
	ok "/?f=html: the landing page as HTML" || fail "/?f=html: $st"
serve_stop srv

# without a page, "/" stays the landing page for a browser too
serve_start bare "$db" --no-web
st=$(get "$bare_url/" bare.html -H 'Accept: text/html')
[ "$st" = 200 ] && grep -q 'conformance' bare.html && ok "--no-web: / is the landing page" ||
	fail "no page: $st"
grep -q "no map page" bare.out && ok "says there is no map page" || fail "$(cat bare.out)"
st=$(get "$bare_url/map/index.html" out.txt)
[ "$st" = 404 ] && ok "no page: /map/ is 404" || fail "no page: /map/index.html $st"
serve_stop bare
mkdir -p empty
if H serve --listen 127.0.0.1:0 --web empty >empty.out 2>&1; then
	fail "served a page without index.html"
else
	grep -q "empty: no index.html" empty.out && ok "a folder without index.html is refused by name" ||
		fail "refusal: $(cat empty.out)"
fi

# ---- the model's phase in a page of areas at an instant ---------------------
serve_start srv "$db" --no-web
url=$srv_url
phases=""
for at in 2024-11-25T12:00:00Z 2024-11-27T12:00:00Z 2025-03-10T00:00:00Z 2027-01-01T00:00:00Z; do
	st=$(get "$url/collections/hazardous_areas/items?datetime=$at&limit=100" page.json)
	[ "$st" = 200 ] || fail "items at $at: $st"
	n=$(jq '.features | length' page.json)
	same=0
	for id in $(jq -r '.features[].id' page.json); do
		H show "$id" --at "$at" --json >show.json || fail "show $id"
		if jq -e --slurpfile s show.json --arg id "$id" \
			'(.features[] | select(.id == $id) | .properties) as $p |
			 $p.phase == $s[0].risk.phase and $p.risk == $s[0].risk' page.json >/dev/null; then
			same=$((same + 1))
		else
			fail "$id at $at: page $(jq -c --arg id "$id" '.features[] | select(.id == $id) | .properties.risk' page.json), show $(jq -c .risk show.json)"
		fi
	done
	[ "$n" -gt 0 ] && [ "$same" -eq "$n" ] && ok "at $at: the phase and risk of all $n areas are the model's" ||
		fail "at $at: $same of $n"
	phases="$phases $(jq -r '.features[].properties.phase' page.json)"
done
nphases=$(echo $phases | tr ' ' '\n' | sort -u | wc -l)
[ "$nphases" -ge 3 ] && ok "$nphases phases seen: $(echo $phases | tr ' ' '\n' | sort -u | xargs)" ||
	fail "only $nphases phases: $phases"
get "$url/collections/hazardous_areas/items?limit=5" nophase.json >/dev/null
jq -e '[.features[].properties | has("phase")] | any | not' nophase.json >/dev/null &&
	ok "no instant, no phase" || fail "phase without an instant"
get "$url/collections/hazardous_areas/items?datetime=2024-01-01T00:00:00Z/2025-01-01T00:00:00Z" iv.json >/dev/null
jq -e '[.features[].properties | has("phase")] | any | not' iv.json >/dev/null &&
	ok "an interval, no phase" || fail "phase for an interval"

# ---- the history of an area ------------------------------------------------
area=$(jq -r '.features[0].properties.area_id' "$data/accident.geojson")
H show "$area" --json >show.json || fail "show $area"
st=$(get "$url/areas/$area/history" hist.json)
[ "$st" = 200 ] || fail "history: $st $(cat hist.json)"
want=$(jq '[.records[] | select(.kind != "accident")] | length' show.json)
jq -e --argjson n "$want" '.count == $n and (.records | length) == $n and
	([.records[].kind] | index("accident") | not)' hist.json >/dev/null &&
	ok "history: $want records in public, no accident" || fail "history: $(cat hist.json)"
jq -e --slurpfile s show.json '[.records[].index] == [$s[0].records[] | select(.kind != "accident") | .index]' \
	hist.json >/dev/null && ok "history: the records of 'hazreg show', in log order" ||
	fail "history order: $(jq -c '[.records[].index]' hist.json)"
! jq -e '.. | objects | keys[] | select(. == "note" or . == "evidence" or . == "informant" or
	. == "finder" or . == "victims" or . == "geometry")' hist.json >/dev/null &&
	ok "history: public fields only" || fail "history has private or bulky fields: $(cat hist.json)"
grep -qi 'no-store' <(curl -s -D - -o /dev/null "$url/areas/$area/history") &&
	fail "public history marked private" || ok "public history is cacheable"
token=$(H token new --role analyst --json | jq -r .token)
st=$(get "$url/areas/$area/history" hista.json -H "Authorization: Bearer $token" -D hista.head)
jq -e '[.records[].kind] | index("accident")' hista.json >/dev/null && [ "$st" = 200 ] &&
	ok "history: an analyst sees the accident" || fail "analyst history: $st $(cat hista.json)"
grep -qi '^Cache-Control: .*no-store' hista.head && ok "an analyst's history is not stored" ||
	fail "analyst history headers: $(cat hista.head)"
st=$(get "$url/areas/NO-SUCH-AREA/history" none.json)
[ "$st" = 404 ] && ok "history of an unknown area: 404" || fail "unknown area: $st"
serve_stop srv
finish
