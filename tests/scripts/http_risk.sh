#!/usr/bin/env bash
# http_risk.sh - the /risk part of the HTTP API against the command line
# and against geodesic values computed without PROJ: GET /risk/point
# answers what "hazreg query point --json" answers (plus the civilian
# message in the language asked for), GET /risk/timeline what "hazreg risk
# timeline --json" prints, POST /risk/route finds the areas a corridor
# passes in order, with where it enters and leaves them to the centimetre;
# refusals name the parameter; no answer says "safe".
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/http.sh"
cd "$HR_TEST_TMP"
data=$HR_SRC/tests/cli/data
db=$(register reg) || fail "no register"
"$HAZREG" --db "$db" import "$data/areas.geojson" "$data/release.geojson" \
	"$data/item.geojson" >/dev/null || fail "import"
serve_start srv "$db"
url=$srv_url
: >bodies.txt

# same_point NAME QUERY LANG ARGS... : the API's answer is the CLI's, and
# its civilian message is the CLI's message in LANG.
same_point() {
	local name=$1 query=$2 lang=$3
	shift 3
	st=$(get "$url/risk/point?$query" api.json "$@")
	cat api.json >>bodies.txt
	[ "$st" = 200 ] || {
		fail "$name: HTTP $st: $(cat api.json)"
		return
	}
	python3 - api.json cli.json "$lang" <<'PY' && ok "$name" || fail "$name: $(cat api.json)"
import json, sys
api = json.load(open(sys.argv[1])); cli = json.load(open(sys.argv[2])); lang = sys.argv[3]
msg = api.pop("civilian_message"); got = api.pop("lang")
assert got == lang, (got, lang)
assert msg == cli["message"][lang], "message differs"
assert api == cli, "answers differ"
PY
}

for p in "36.08 49.08" "36.05 49.05" "36.01 49.01" "36.25 49.05" "36.2 49.05" \
	"36.52 49.02" "37.5 48.5"; do
	set -- $p
	"$HAZREG" --db "$db" query point "$1" "$2" --json >cli.json
	same_point "point $1 $2" "lon=$1&lat=$2&lang=uk" uk
	same_point "point $1 $2 (en)" "lon=$1&lat=$2&lang=en" en
	"$HAZREG" --db "$db" query point "$1" "$2" --at 2024-12-01 --json >cli.json
	same_point "point $1 $2 at 2024-12-01" "lon=$1&lat=$2&at=2024-12-01" en
	"$HAZREG" --db "$db" query point "$1" "$2" --at 2025-02-01T10:00:00+02:00 --json >cli.json
	same_point "point $1 $2 at 2025-02-01T10:00:00+02:00" \
		"lon=$1&lat=$2&at=2025-02-01T10:00:00%2B02:00" en
done
"$HAZREG" --db "$db" query point 36.08 49.08 --json >cli.json
same_point "Accept-Language uk-UA" "lon=36.08&lat=49.08" uk -H 'Accept-Language: uk-UA,uk;q=0.9,en;q=0.8'
same_point "Accept-Language en-GB" "lon=36.08&lat=49.08" en -H 'Accept-Language: en-GB,en;q=0.9'
same_point "Accept-Language ru, uk;q=0.5" "lon=36.08&lat=49.08" uk -H 'Accept-Language: ru, uk;q=0.5'
same_point "Accept-Language en, uk (tie: first)" "lon=36.08&lat=49.08" en -H 'Accept-Language: en, uk'
same_point "Accept-Language ru" "lon=36.08&lat=49.08" en -H 'Accept-Language: ru'
same_point "no Accept-Language" "lon=36.08&lat=49.08" en
same_point "lang= wins over Accept-Language" "lon=36.08&lat=49.08&lang=en" en -H 'Accept-Language: uk'
curl -s -D hdr.txt -o /dev/null "$url/risk/point?lon=36.08&lat=49.08&lang=uk"
grep -qi '^Content-Language: uk' hdr.txt && ok "Content-Language: uk" || fail "headers: $(cat hdr.txt)"

# refused PATH WANT-STATUS WORD [CURL ARGS]: the status, and a message naming WORD.
refused() {
	local st
	st=$(get "$url$1" err.json "${@:4}")
	cat err.json >>bodies.txt
	[ "$st" = "$2" ] && grep -q -- "$3" err.json && ok "refused $1: $st $3" ||
		fail "$1: HTTP $st, want $2 naming '$3': $(cat err.json)"
}
refused "/risk/point?lat=49" 400 "parameter lon is missing"
refused "/risk/point?lon=36" 400 "parameter lat is missing"
refused "/risk/point?lon=abc&lat=49" 400 "parameter lon"
refused "/risk/point?lon=36&lat=91" 400 "parameter lat"
refused "/risk/point?lon=36&lat=49&at=yesterday" 400 "parameter at"
refused "/risk/point?lon=36&lat=49&at=2025-01-01T10:00" 400 "parameter at"
refused "/risk/point?lon=36&lat=49&lang=fr" 400 "parameter lang"
refused "/risk/timeline" 400 "parameter id"
refused "/risk/timeline?id=DEMO-HA-999" 404 "DEMO-HA-999"
refused "/risk/timeline?id=DEMO-HA-001&step=1y" 400 "parameter step"
refused "/risk/timeline?id=DEMO-HA-001&step=1s" 400 "parameter step"
refused "/risk/timeline?id=DEMO-HA-001&from=2025-03-01&to=2025-01-01" 400 "parameter to"
refused "/risk/timeline?id=DEMO-HA-001&from=soon" 400 "parameter from"

# Timelines: the CLI's rows, with and without a range and step.
for id in DEMO-HA-001 DEMO-HA-002 DEMO-HA-003; do
	for q in "" "&from=2025-03-01&to=2025-03-21&step=5d" "&from=2024-11-24T00:00:00Z&to=2024-11-29&step=12h"; do
		args=()
		[ -n "$q" ] && args=(--from "$(echo "$q" | sed 's/.*from=\([^&]*\).*/\1/')" \
			--to "$(echo "$q" | sed 's/.*to=\([^&]*\).*/\1/')" \
			--step "$(echo "$q" | sed 's/.*step=\([^&]*\).*/\1/')")
		"$HAZREG" --db "$db" risk timeline "$id" "${args[@]}" --json >cli.json
		st=$(get "$url/risk/timeline?id=$id$q" api.json)
		cat api.json >>bodies.txt
		[ "$st" = 200 ] && cmp -s api.json cli.json && ok "timeline $id$q equals the CLI's" ||
			fail "timeline $id$q: HTTP $st, differs from the CLI"
	done
done

# Routes. Along the meridian 36.25 E (a geodesic) through DEMO-HA-002
# (49.0 to 49.1 N): the 50 m corridor enters 25 m before the south edge
# and leaves 25 m after the north edge, at meridian distances computed
# with Vincenty's formula (tests/unit/geodesic_ref.py).
route() { # route JSON-COORDS WIDTH [EXTRA] -> route.json, prints status
	post "$url/risk/route" "{\"route\":{\"type\":\"LineString\",\"coordinates\":$1},\"width_m\":$2${3:-}}" route.json
}
st=$(route '[[36.25,48.95],[36.25,49.15]]' 50)
cat route.json >>bodies.txt
[ "$st" = 200 ] || fail "meridian route: HTTP $st: $(cat route.json)"
PYTHONPATH=$HR_SRC/tests/unit python3 - route.json <<'PY' && ok "meridian route: enter and leave DEMO-HA-002 to 1 cm" || fail "meridian route: $(cat route.json)"
import json, sys
from geodesic_ref import vincenty
r = json.load(open(sys.argv[1]))
assert [a["area_id"] for a in r["areas"]] == ["DEMO-HA-002"], r["areas"]
a = r["areas"][0]
enter = vincenty(48.95, 36.25, 49.0, 36.25) - 25
leave = vincenty(48.95, 36.25, 49.1, 36.25) + 25
assert abs(a["enter_m"] - enter) < 0.01, (a["enter_m"], enter)
assert abs(a["leave_m"] - leave) < 0.01, (a["leave_m"], leave)
assert abs(r["length_m"] - vincenty(48.95, 36.25, 49.15, 36.25)) < 0.01
assert a["state"] == "hazardous" and a["distance_m"] == 0
PY
# East along 49.05 N across all three areas, in order along the route.
st=$(route '[[35.95,49.05],[36.6,49.05]]' 50)
cat route.json >>bodies.txt
python3 - route.json <<'PY' && ok "route across three areas, in order" || fail "three areas: HTTP $st: $(cat route.json)"
import json, sys
r = json.load(open(sys.argv[1]))
ids = [a["area_id"] for a in r["areas"]]
assert ids == ["DEMO-HA-001", "DEMO-HA-002", "DEMO-HA-003"], ids
e = [a["enter_m"] for a in r["areas"]]
assert e == sorted(e) and all(a["leave_m"] > a["enter_m"] for a in r["areas"])
assert r["count"] == 3 and r["points"] == 2 and r["width_m"] == 50
PY
# The same route as a Feature: the same answer.
cp route.json line.json
st=$(post "$url/risk/route" '{"route":{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[35.95,49.05],[36.6,49.05]]}},"width_m":50}' route.json)
cmp -s route.json line.json && ok "a Feature holding the LineString gives the same answer" ||
	fail "Feature: HTTP $st: $(cat route.json)"
# Inside the release part of DEMO-HA-001: released now, hazardous before the release.
st=$(route '[[36.005,49.005],[36.015,49.015]]' 10)
grep -q '"area_id":"DEMO-HA-001","state":"released"' route.json && ok "route within a released part: released" ||
	fail "released part: HTTP $st: $(cat route.json)"
st=$(route '[[36.005,49.005],[36.015,49.015]]' 10 ',"at":"2024-12-01"')
grep -q '"area_id":"DEMO-HA-001","state":"hazardous"' route.json && ok "the same before the release: hazardous" ||
	fail "before release: HTTP $st: $(cat route.json)"
# Nowhere near an area: nothing recorded, and the notice.
st=$(route '[[37.5,48.5],[37.6,48.6]]' 100)
grep -q '"count":0' route.json && grep -q 'does not mean absence of danger' route.json &&
	ok "a route past no area: none recorded, with the notice" || fail "empty route: $(cat route.json)"

# Route refusals: 400 or 413, naming what is wrong.
route_refused() { # BODY STATUS WORD
	local st
	st=$(post "$url/risk/route" "$1" err.json)
	cat err.json >>bodies.txt
	[ "$st" = "$2" ] && grep -q -- "$3" err.json && ok "route refused: $2 $3" ||
		fail "route body ${1:0:80}: HTTP $st, want $2 naming '$3': $(cat err.json)"
}
line='{"type":"LineString","coordinates":[[36,49],[36.1,49]]}'
route_refused '{"route":{"type":"LineString","coordinates":[[36,49]]},"width_m":50}' 400 "at least 2 positions"
route_refused "{\"route\":$line,\"width_m\":0.5}" 400 "width_m"
route_refused "{\"route\":$line,\"width_m\":20000}" 400 "width_m"
route_refused "{\"route\":$line}" 400 "width_m is missing"
route_refused '{"width_m":50}' 400 "route is missing"
route_refused "{\"route\":$line,\"width\":50}" 400 "unknown member 'width'"
route_refused "{\"route\":$line,\"width_m\":50,\"at\":\"later\"}" 400 "at: not a time"
route_refused '{"route":{"type":"Point","coordinates":[36,49]},"width_m":50}' 400 "LineString"
route_refused '{"route":{"type":"LineString","coordinates":[[36,49],[36]]},"width_m":50}' 400 "position 1"
route_refused '{"route":{"type":"LineString","coordinates":[[36,49],[36,95]]},"width_m":50}' 400 "position 1"
route_refused '{"route":{"type":"LineString","coordinates":[[179.9,10],[-179.9,10]]},"width_m":50}' 400 "antimeridian"
route_refused '{"route":{"type":"LineString","coordinates":[[20,40],[40,55]]},"width_m":50}' 413 "at most 2000 km"
route_refused 'not json' 400 "not JSON"
python3 -c '
import json
print(json.dumps({"route": {"type": "LineString", "coordinates": [[36 + i * 1e-5, 49] for i in range(10001)]}, "width_m": 50}))' >many.json
st=$(curl -s -o err.json -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @many.json "$url/risk/route")
[ "$st" = 413 ] && grep -q "at most 10000" err.json && ok "route of 10001 positions: 413" ||
	fail "10001 positions: HTTP $st: $(cat err.json)"
python3 -c '
import json
print(json.dumps({"route": {"type": "LineString", "coordinates": [[36 + i * 1e-5, 49] for i in range(10000)]}, "width_m": 50}))' >max.json
st=$(curl -s -o route.json -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @max.json "$url/risk/route")
[ "$st" = 200 ] && ok "route of 10000 positions answered" || fail "10000 positions: HTTP $st: $(cat route.json)"
st=$(curl -s -o err.json -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary "{}" "$url/risk/route")
[ "$st" = 415 ] && ok "a body that is not JSON by type: 415" || fail "text/plain body: HTTP $st"

# No answer calls a place safe.
if grep -qiw 'safe' bodies.txt; then fail "an answer says safe: $(grep -oiw '.\{40\}safe.\{40\}' bodies.txt | head -1)"; else ok "no answer says safe"; fi
serve_stop srv
finish
