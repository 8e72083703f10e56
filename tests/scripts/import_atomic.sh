# Atomic import: one bad feature and the store is byte-for-byte unchanged,
# the error names every bad feature; GEOS's reasons for bad polygons;
# --skip-invalid imports the good ones and writes the rejects.
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
db=$(register reg) || fail "no register"
# the store's state: its bytes for a GeoPackage; a database's tree head and
# state digest (its sequences move even in a transaction rolled back)
state() {
	case $db in
	*.gpkg) sha256sum "$db" | cut -d' ' -f1 ;;
	*) "$HAZREG" --db "$db" log root | sed -n 's/^root: //p' && "$HAZREG" --db "$db" digest ;;
	esac
}
log_size() { "$HAZREG" --db "$db" log root | sed -n 's/^size: //p'; }
gen --profile demo --seed 7 --areas 200 -o good.geojson
gen --profile demo --seed 8 --areas 200 --invalid 2 -o bad.geojson
"$HAZREG" --db "$db" import good.geojson >/dev/null || fail "good import"
sha_before=$(state)
set +e
"$HAZREG" --db "$db" import bad.geojson >out.txt 2>err.txt
rc=$?
set -e
[ $rc -eq 3 ] || fail "bad import exit code $rc, want 3"
sha_after=$(state)
[ "$sha_before" = "$sha_after" ] && ok "store byte-identical after a refused import" ||
	fail "store changed by a refused import"
[ ! -e "$db-wal" ] || [ ! -s "$db-wal" ] || fail "a WAL with content was left behind"
n=$(grep -c 'Self-intersection' out.txt err.txt | awk -F: '{s += $2} END {print s}')
[ "$n" -ge 2 ] && ok "both self-intersections named with GEOS's reason" ||
	fail "expected 2 errors naming Self-intersection, got $n: $(cat out.txt err.txt)"
grep -Eq 'feature [0-9]+ \(id DEMO-HA-[0-9]+\)' out.txt err.txt &&
	ok "errors name feature index and id" || fail "errors lack index/id: $(head -5 err.txt)"

# Hand-made bad polygons: GEOS's own reason for each.
mkfeat() { printf '{"type":"FeatureCollection","features":[{"type":"Feature","id":"%s","geometry":{"type":"Polygon","coordinates":[%s]},"properties":{"org":"T","date_of_information":"2025-01-01","classification":"SHA"}}]}' "$1" "$2"; }
mkfeat BOWTIE '[[37,48],[37.01,48.01],[37.01,48],[37,48.01],[37,48]]' >bowtie.geojson
mkfeat UNCLOSED '[[37,48],[37.01,48],[37.01,48.01],[37,48.01]]' >unclosed.geojson
mkfeat FEW '[[37,48],[37.01,48],[37,48]]' >few.geojson
for case in bowtie:Self-intersection unclosed:closed few:'Too few points|Invalid number of points'; do
	f=${case%%:*}
	want=${case#*:}
	set +e
	"$HAZREG" --db "$db" import $f.geojson >o.txt 2>&1
	rc=$?
	set -e
	[ $rc -eq 3 ] || fail "$f: exit $rc, want 3"
	grep -Eq "$want" o.txt && ok "$f refused: $(grep -Eo "$want" o.txt | head -1)" ||
		fail "$f: reason not found ($want): $(cat o.txt)"
done
[ "$sha_before" = "$(state)" ] || fail "store changed by refused imports"

# --skip-invalid: the good ones in, the bad ones to the rejects file.
before=$(log_size)
records=$(grep -o '"type":"Feature"' bad.geojson | wc -l)
"$HAZREG" --db "$db" import --skip-invalid rejects.geojson bad.geojson >skip.txt 2>&1 ||
	fail "skip-invalid import failed: $(cat skip.txt)"
after=$(log_size)
[ $((after - before)) -eq $((records - 2)) ] && ok "skip-invalid imported $((records - 2)) records" ||
	fail "skip-invalid imported $((after - before)), want $((records - 2))"
nrej=$(tr -cd '\036' <rejects.geojson | wc -c)
[ "$nrej" -eq 2 ] && ok "two rejects written as RFC 8142 text sequences" || fail "rejects: $nrej"
"$HAZREG" --db "$db" check >/dev/null || fail "check after imports"
finish
