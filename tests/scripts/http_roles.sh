#!/usr/bin/env bash
# http_roles.sh - who may do what over HTTP, and what the public never sees.
#
# "hazreg serve" runs on a register with private values (an informant, a
# finder, a victim, a reporter's contact and description) and tokens of
# every role. For EVERY route the server lists (hazreg serve --list-routes,
# so routes added later are covered too) and every caller - none (no
# Authorization header: the public), malformed (not a bearer token),
# reporter, analyst, admin, wrong (a token's id with a wrong secret),
# expired, revoked - the status must follow the route's least role: 401/403
# below it, neither at or above it, and 401 for every token that is not
# valid. No response body the public gets may hold a private value. Then
# the routes this part of the API owns are walked through: signed records
# in (201, wrong organisation 403, bad signature 422, unsigned 422, sent
# twice 200), private fields for analysts only and never cached, and a
# public report from received to closed, visible to the public without its
# contact; a client over its rate of reports gets 429 with Retry-After.
# SIGTERM stops the server with exit status 0.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/http.sh"
command -v curl >/dev/null || {
	echo "SKIP: curl is not installed"
	exit 0
}
cd "$HR_TEST_TMP"
db=$(register reg) || fail "no register"
H() { "$HAZREG" --db "$db" "$@"; }

# ---- a register with private values -----------------------------------
gen --profile demo --seed 7 --areas 20 -o demo.geojson
H import demo.geojson >/dev/null
cat >private.geojson <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "id": "PRIV-HA-1",
  "properties": {"kind": "area", "org": "DEMO-NMAC", "date_of_information": "2025-03-01",
   "classification": "SHA", "evidence_type": "local_report",
   "informant": "PRIVATE-informant-Zq81, +380 00 111 11 11"},
  "geometry": {"type": "Polygon", "coordinates": [[[36.5, 49.5], [36.51, 49.5], [36.51, 49.51], [36.5, 49.51], [36.5, 49.5]]]}},
 {"type": "Feature", "id": "PRIV-IT-1",
  "properties": {"kind": "item", "org": "DEMO-NMAC", "date_of_information": "2025-03-02",
   "area_id": "PRIV-HA-1", "category": "uxo", "condition": "live",
   "finder": "PRIVATE-finder-Zq82"},
  "geometry": {"type": "Point", "coordinates": [36.505, 49.505]}},
 {"type": "Feature", "id": "PRIV-AC-1",
  "properties": {"kind": "accident", "org": "DEMO-NMAC", "date_of_information": "2025-03-03",
   "area_id": "PRIV-HA-1", "occurred_at": "2025-03-02T10:00:00Z", "injured": 1,
   "victims": ["PRIVATE-victim-Zq83"]},
  "geometry": {"type": "Point", "coordinates": [36.506, 49.506]}}
]}
EOF
H import private.geojson >import.out || fail "import of the private fixture"
priv_index=$(sed -n 's/^log indexes \([0-9]*\) to .*/\1/p' import.out)
secrets="PRIVATE-informant-Zq81 PRIVATE-finder-Zq82 PRIVATE-victim-Zq83 PRIVATE-contact-Zq84 PRIVATE-description-Zq85 PRIVATE-note-Zq86"

# an organisation that signs its records, and one that is not it
"$HAZREG" keys new --org "Demo NGO" >/dev/null 2>&1
"$HAZREG" keys new --org intruder >/dev/null 2>&1
H keys register --org "Demo NGO" Demo-NGO.pub >/dev/null || fail "keys register"

# ---- tokens of every kind ------------------------------------------------
mk() { H token new --json "$@" 2>/dev/null >new.json; sed -n 's/.*"token":"\([^"]*\)".*/\1/p' new.json; }
tok_reporter=$(mk --role reporter --org "Demo NGO")
tok_analyst=$(mk --role analyst --org DEMO-NMAC)
tok_admin=$(mk --role admin)
# made a month ago to expire the next day: expired now (HAZREG_NOW)
tok_expired=$(HAZREG_NOW=2025-12-01T00:00:00Z mk --role admin --expires 2025-12-02)
tok_revoked=$(mk --role admin --note "to be revoked")
H token revoke "$(sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p' new.json)" >/dev/null || fail "token revoke"
# the reporter's id with another secret
last=${tok_reporter: -2:1}
[ "$last" = A ] && other=B || other=A
tok_wrong=${tok_reporter:0:${#tok_reporter}-2}$other${tok_reporter: -1}
for t in reporter analyst admin expired revoked; do
	v=tok_$t
	[ -n "${!v}" ] && ok "token $t made" || fail "no $t token"
done
if HAZREG_NOW=2026-01-01T00:00:00Z H token new --role admin --expires 2025-12-31 2>/dev/null; then
	fail "token new took an expiry in the past"
else
	ok "token new refuses an expiry in the past"
fi
H token list >list.txt
grep -q 'revoked' list.txt && grep -q 'expired' list.txt && ok "token list shows revoked and expired" ||
	fail "token list: $(cat list.txt)"
for t in "$tok_reporter" "$tok_analyst" "$tok_admin"; do
	if grep -q "${t#hzt_}" list.txt || H token list --json | grep -q "${t#hzt_}"; then
		fail "token list prints a secret"
	fi
	if grep -qa "${t#hzt_}" "$(register_bytes "$db")"; then
		fail "the register file holds a token's text"
	fi
done
ok "no token's text in token list or in the register file"

H export --layer areas -o areas.before

# ---- the server ----------------------------------------------------------
start() { # start NAME [serve options]: sets url and the name to stop
	local name=$1 v
	shift
	serve_start "$name" "$db" "$@" || finish
	v=${name}_url
	url=${!v}
	cur=$name
}
stop() { serve_stop "$cur"; }
start main --reports-per-minute 100000

n=0
# req CALLER METHOD PATH [BODY]: status in $code, body in body.$n (kept
# in public.bodies when the caller is the public)
req() {
	local caller=$1 method=$2 path=$3 data=${4-'{}'} auth=()
	n=$((n + 1))
	case $caller in
	none) ;;
	malformed) auth=(-H "Authorization: Basic dXNlcjpwYXNz") ;;
	*)
		local v=tok_$caller
		auth=(-H "Authorization: Bearer ${!v}")
		;;
	esac
	if [ "$method" = POST ]; then
		code=$(curl -s -o body.$n -D head.$n -w '%{http_code}' "${auth[@]}" \
			-H 'Content-Type: application/json' --data-binary "$data" "$url$path")
	else
		code=$(curl -s -o body.$n -D head.$n -w '%{http_code}' "${auth[@]}" "$url$path")
	fi
	if [ "$caller" = none ] || [ "$caller" = malformed ]; then
		{
			echo "== $method $path"
			cat body.$n
		} >>public.bodies
	fi
}
rank() {
	case $1 in
	public) echo 0 ;; reporter) echo 1 ;; analyst) echo 2 ;; admin) echo 3 ;; *) echo 9 ;;
	esac
}

# ---- the role matrix: every route x every caller ---------------------------
H serve --list-routes >routes.txt
nroutes=$(wc -l <routes.txt)
[ "$nroutes" -ge 7 ] && ok "$nroutes routes listed" || fail "routes: $(cat routes.txt)"
grep -qx 'POST /records reporter' routes.txt && grep -qx 'GET /records/{} analyst' routes.txt &&
	grep -qx 'POST /reports public' routes.txt && grep -qx 'GET /reports analyst' routes.txt &&
	grep -qx 'GET /reports/{} public' routes.txt &&
	grep -qx 'POST /reports/{}/status analyst' routes.txt && ok "the routes of records and reports" ||
	fail "records and reports routes missing: $(cat routes.txt)"
# a report and an area id to put in {} besides 0
req none POST /reports '{"lon": 36.1, "lat": 49.1, "description": "PRIVATE-description-Zq85 near the well", "contact": "PRIVATE-contact-Zq84"}'
[ "$code" = 201 ] && ok "POST /reports: 201" || fail "POST /reports: $code $(cat body.$n)"
rid=$(sed -n 's/.*"id":"\([a-z2-7]*\)".*/\1/p' body.$n)
samples="0 $priv_index PRIV-HA-1 $rid areas accidents items"
callers="none malformed reporter analyst admin wrong expired revoked"
bad=0
checked=0
while read -r method pattern least; do
	paths=()
	if [[ $pattern == *"{"* ]]; then
		for s in $samples; do
			p=${pattern//\{\}/$s}
			paths+=("${p//\{\*\}/$s}")
		done
	else
		paths=("$pattern")
	fi
	for path in "${paths[@]}"; do
		for caller in $callers; do
			req "$caller" "$method" "$path"
			checked=$((checked + 1))
			case $caller in
			malformed | wrong | expired | revoked) want="401" ;;
			none) [ "$(rank "$least")" -le 0 ] && want="not" || want="401" ;;
			*) [ "$(rank "$least")" -le "$(rank "$caller")" ] && want="not" || want="403" ;;
			esac
			if [ "$want" = not ]; then
				[ "$code" != 401 ] && [ "$code" != 403 ] && [ "$code" != 000 ] && continue
			else
				[ "$code" = "$want" ] && continue
			fi
			bad=$((bad + 1))
			fail "$caller $method $path (least role $least): $code, want $want: $(head -c 200 body.$n)"
		done
	done
done <routes.txt
[ "$bad" -eq 0 ] && ok "role matrix: $checked requests as expected"
# what a token that is not valid is told
req wrong GET /
grep -q '"unknown token"' body.$n && ok "wrong secret: 401 unknown token" || fail "wrong: $(cat body.$n)"
req expired GET /
grep -q 'expired' body.$n && ok "expired: 401 says expired" || fail "expired: $(cat body.$n)"
req revoked GET /
grep -q 'revoked' body.$n && ok "revoked: 401 says revoked" || fail "revoked: $(cat body.$n)"
grep -qi '^WWW-Authenticate: Bearer' head.$n && ok "401 names the Bearer scheme" ||
	fail "no WWW-Authenticate: $(cat head.$n)"
req malformed GET /
grep -q 'malformed' body.$n && ok "malformed header: 401" || fail "malformed: $(cat body.$n)"

# ---- records in --------------------------------------------------------------
feature() { # feature ID ORG: an item of that organisation with a private finder
	printf '{"type":"Feature","id":"%s","properties":{"kind":"item","org":"%s","date_of_information":"2025-06-01","category":"uxo","condition":"live","finder":"PRIVATE-finder-Zq82"},"geometry":{"type":"Point","coordinates":[36.2,49.2]}}\n' "$1" "$2"
}
feature NGO-IT-1 "Demo NGO" >ngo.json
feature NMAC-IT-1 DEMO-NMAC >nmac.json
"$HAZREG" sign --key Demo-NGO.key ngo.json -o ngo.signed 2>/dev/null || fail "hazreg sign"
"$HAZREG" sign --key intruder.key ngo.json -o intruder.signed 2>/dev/null
"$HAZREG" sign --key Demo-NGO.key nmac.json -o nmac.signed 2>/dev/null
one() { sed -n 2p "$1"; } # the feature line of a signed FeatureCollection
log_size() { H log root | sed -n 's/^size: //p'; }
size_before=$(log_size)
req reporter POST /records "$(one ngo.signed)"
[ "$code" = 201 ] && ok "POST /records, signed by its organisation: 201" ||
	fail "POST /records: $code $(cat body.$n)"
grep -qi '^Location: .*/records/[0-9]' head.$n && ok "201 with Location" || fail "no Location: $(cat head.$n)"
new_index=$(sed -n 's/.*"index":\([0-9]*\).*/\1/p' body.$n)
grep -q '"leaf_hash":"[0-9a-f]\{64\}"' body.$n && ok "201 with the leaf hash" || fail "no leaf hash: $(cat body.$n)"
size_after=$(log_size)
[ "$size_after" -eq $((size_before + 1)) ] && ok "committed before the answer: log size $size_after" ||
	fail "log size $size_before -> $size_after"
req reporter POST /records "$(one ngo.signed)"
[ "$code" = 200 ] && grep -q "\"index\":$new_index" body.$n && grep -q '"duplicate":true' body.$n &&
	ok "the same record again: 200 with its index, not appended twice" ||
	fail "sent twice: $code $(cat body.$n)"
req reporter POST /records "$(one nmac.signed)"
[ "$code" = 403 ] && ok "another organisation's record: 403" || fail "wrong org: $code $(cat body.$n)"
req admin POST /records "$(one intruder.signed)"
[ "$code" = 422 ] && grep -q '"field":"signature"' body.$n && ok "a signature by another key: 422" ||
	fail "bad signature: $code $(cat body.$n)"
req reporter POST /records "$(cat ngo.json)"
[ "$code" = 422 ] && grep -q '"field":"signature"' body.$n && ok "unsigned: 422" ||
	fail "unsigned: $code $(cat body.$n)"
req reporter POST /records "$(one ngo.signed | sed 's/"value":"PRIVATE-finder-Zq82"/"value":"someone else"/')"
[ "$code" = 422 ] && ok "a private value changed after signing: 422" || fail "tampered: $code $(cat body.$n)"
req reporter POST /records '{"type":"Feature"'
[ "$code" = 400 ] && ok "not JSON: 400" || fail "broken body: $code"
req reporter POST /records "$(one ngo.signed | sed 's/"category":"uxo"/"category":"rock"/')"
[ "$code" = 422 ] && grep -q '"field":"category"' body.$n && ok "a refused field: 422 naming it" ||
	fail "bad field: $code $(cat body.$n)"

# private fields: analysts and admins only, never cached
req analyst GET /records/$new_index
[ "$code" = 200 ] && grep -q 'PRIVATE-finder-Zq82' body.$n && grep -q '"salt"' body.$n &&
	ok "GET /records/N: the analyst reads the private value with its salt" ||
	fail "analyst record: $code $(cat body.$n)"
grep -qi '^Cache-Control: no-store' head.$n && ok "private fields: Cache-Control no-store" ||
	fail "cache: $(cat head.$n)"
req admin GET /records/$priv_index
grep -q 'PRIVATE-informant-Zq81' body.$n && ok "admin reads the informant" || fail "admin: $(cat body.$n)"
req reporter GET /records/$new_index
[ "$code" = 403 ] && ok "reporter: GET /records/N 403" || fail "reporter record: $code"
req none GET /records/$new_index
[ "$code" = 401 ] && ok "public: GET /records/N 401" || fail "public record: $code"
req analyst GET /records/999999
[ "$code" = 404 ] && ok "GET /records beyond the log: 404" || fail "beyond: $code"

# ---- a public report from received to closed -----------------------------------
check_public() { # check_public STATUS: what the public sees of the report
	req none GET /reports/$rid
	if [ "$code" = 200 ] && grep -q "\"status\":\"$1\"" body.$n && ! grep -q 'PRIVATE' body.$n &&
		grep -q '"received":"2026-01-01T00:00:00Z"' body.$n && grep -q '"last_changed"' body.$n &&
		grep -q '"coordinates":\[36.1000000,49.1000000\]' body.$n; then
		ok "public sees $1, the point and times, nothing private"
	else
		fail "public view at $1: $code $(cat body.$n)"
	fi
	if grep -qi '^Cache-Control: no-store' head.$n; then
		fail "the public view is marked private"
	fi
}
check_public received
for s in reviewed tasked closed; do
	note=
	[ $s = reviewed ] && note=', "note": "PRIVATE-note-Zq86"'
	req analyst POST /reports/$rid/status "{\"status\": \"$s\"$note}"
	[ "$code" = 200 ] && grep -q "\"status\":\"$s\"" body.$n && ok "analyst: $s" ||
		fail "status $s: $code $(cat body.$n)"
	check_public $s
done
req analyst POST /reports/$rid/status '{"status": "reviewed"}'
[ "$code" = 409 ] && ok "status backwards: 409" || fail "backwards: $code $(cat body.$n)"
req admin POST /reports/$rid/status '{"status": "received"}'
[ "$code" = 422 ] && ok "status received again: 422" || fail "received again: $code"
req analyst POST /reports/nosuchreport/status '{"status": "reviewed"}'
[ "$code" = 404 ] && ok "status of an unknown report: 404" || fail "unknown report: $code"
req analyst GET /reports/$rid
grep -q 'PRIVATE-contact-Zq84' body.$n && grep -q 'PRIVATE-description-Zq85' body.$n &&
	grep -q 'PRIVATE-note-Zq86' body.$n && ok "analyst sees contact, description and note" ||
	fail "analyst view: $(cat body.$n)"
grep -qi '^Cache-Control: no-store' head.$n && ok "analyst view: no-store" || fail "analyst cache"
req analyst GET "/reports?status=closed"
grep -q "\"id\":\"$rid\"" body.$n && ok "GET /reports?status=closed lists it" || fail "list: $(cat body.$n)"
req analyst GET "/reports?status=open"
[ "$code" = 400 ] && ok "GET /reports?status=open: 400" || fail "bad status filter: $code"
req none GET /reports/nosuchreport
[ "$code" = 404 ] && ok "unknown tracking id: 404" || fail "unknown id: $code"
# a report never touches an area, and what the public wrote is refused when out of bounds
for body in '{"lon": 200, "lat": 49, "description": "x"}' '{"lon": 36, "lat": 49}' \
	"{\"lon\": 36, \"lat\": 49, \"description\": \"$(printf 'x%.0s' $(seq 2001))\"}" \
	"{\"lon\": 36, \"lat\": 49, \"description\": \"x\", \"contact\": \"$(printf 'y%.0s' $(seq 201))\"}"; do
	req none POST /reports "$body"
	[ "$code" = 422 ] || fail "report refused with 422, not $code: $(head -c 200 body.$n)"
done
req none POST /reports '{"lon": 36, "lat": 49, "description": "x", "name": "me"}'
[ "$code" = 400 ] && ok "refused reports: 422 out of bounds, 400 unknown member" || fail "unknown member: $code"
H check >/dev/null && ok "register consistent after the API's appends" || fail "hazreg check"
H export --layer areas -o areas.after
cmp -s areas.before areas.after && ok "public reports changed no hazardous area" ||
	fail "the areas changed: $(diff areas.before areas.after | head -5)"

# ---- nothing private in any body the public got ---------------------------------
leaks=0
for s in $secrets; do
	if grep -q "$s" public.bodies; then
		leaks=$((leaks + 1))
		fail "the public got $s: $(grep -B3 "$s" public.bodies | grep '^==' | tail -1)"
	fi
done
[ "$leaks" -eq 0 ] && ok "no private value in $(grep -c '^==' public.bodies) public responses"
stop

# ---- the rate of public reports ------------------------------------------------
start limited
limited=0
for i in $(seq 11); do
	req none POST /reports '{"lon": 36.3, "lat": 49.3, "description": "seen again"}'
	[ "$code" = 429 ] && limited=$i && break
done
[ "$limited" = 11 ] && grep -qi '^Retry-After: [0-9]' head.$n &&
	ok "the 11th report in a minute: 429 with Retry-After" ||
	fail "rate limit: the ${limited}th got 429 ($(cat head.$n))"
stop
finish
