# GeoPackage import (docs/formats.md): another tool's layer, written by
# GDAL's own ogr2ogr from a GeoJSON with foreign column names, once in
# WGS 84 and once in UTM zone 37N (EPSG:32637), imported with a field
# mapping, gives the state the GeoJSON gives (coordinates within 1e-7
# degrees after the UTM round trip); faults name the layer, fid and column.
. "$(dirname "$0")/../lib/common.sh"
src=${HR_SRC:?}
data=$src/tests/cli/data
same() { python3 "$src/tests/lib/same_geojson.py" "$@"; }
cd "$HR_TEST_TMP"
ogr2ogr -f GPKG wgs84.gpkg "$data/foreign_areas.geojson" -nln hazards
ogr2ogr -f GPKG utm37.gpkg "$data/foreign_areas.geojson" -nln hazards -t_srs EPSG:32637
ogrinfo -ro -so utm37.gpkg hazards | grep -q 'UTM zone 37N' || fail "ogr2ogr wrote no UTM layer"

"$HAZREG" --db gj.gpkg import --mapping "$data/foreign.map" "$data/foreign_areas.geojson" >/dev/null
"$HAZREG" --db gj.gpkg export -o gj.geojson
for f in wgs84 utm37; do
	"$HAZREG" --db "r_$f.gpkg" import --format gpkg --mapping "$data/foreign.map" "$f.gpkg" \
		>out.txt 2>err.txt && grep -q 'imported 3 of 3' out.txt &&
		ok "$f: imported 3 of 3" || fail "$f: $(cat out.txt err.txt)"
	"$HAZREG" --db "r_$f.gpkg" export -o "$f.geojson"
	same gj.geojson "$f.geojson" 1e-7 && ok "$f: the state of the GeoJSON import" ||
		fail "$f: the state differs from the GeoJSON import's"
done
# the test can fail: a shifted area is seen
sed 's/\[37.06, 48.06\]/[37.0600003, 48.06]/' "$data/foreign_areas.geojson" >shifted.geojson
"$HAZREG" --db sh.gpkg import --mapping "$data/foreign.map" shifted.geojson >/dev/null
"$HAZREG" --db sh.gpkg export -o sh.geojson
same gj.geojson sh.geojson 1e-7 >/dev/null 2>&1 && fail "a 3e-7 degree shift went unseen" ||
	ok "a 3e-7 degree shift is seen"

# the extension chooses the format
"$HAZREG" --db ext.gpkg import --mapping "$data/foreign.map" utm37.gpkg >/dev/null &&
	ok ".gpkg read as a GeoPackage" || fail ".gpkg not read as a GeoPackage"

# faults: without a mapping the foreign columns are unknown properties
"$HAZREG" --db none.gpkg import wgs84.gpkg >out.txt 2>&1 && fail "no mapping: imported"
grep -q '^hazreg: wgs84.gpkg: feature 0: OBJECTID: layer hazards, fid 1: unknown property "OBJECTID"' out.txt &&
	ok "no mapping: the column is named" || fail "no mapping: $(cat out.txt)"
# a bad value names the layer, the fid and the column
sed 's/"Suspected"/"Probable"/' "$data/foreign_areas.geojson" >probable.geojson
ogr2ogr -f GPKG probable.gpkg probable.geojson -nln hazards -t_srs EPSG:32637
"$HAZREG" --db bad.gpkg import --mapping "$data/foreign.map" probable.gpkg >out.txt 2>&1 &&
	fail "bad value: imported"
grep -q '^hazreg: probable.gpkg: feature 1 (id FOR-HA-002): Hazard_Type: layer hazards, fid 2: mapped to classification: "Probable" is not one of SHA, CHA' out.txt &&
	ok "bad value: layer, fid, column" || fail "bad value: $(cat out.txt)"
[ ! -e bad.gpkg ] || [ "$("$HAZREG" --db bad.gpkg export | grep -c FOR-HA)" = 0 ] &&
	ok "bad value: nothing written" || fail "bad value: something was written"
# a layer the file lacks, and two layers without "layer ="
sed 's/^layer = hazards/layer = hazard/' "$data/foreign.map" >typo.map
"$HAZREG" --db t.gpkg import --mapping typo.map wgs84.gpkg >out.txt 2>&1 && fail "typo: imported"
grep -q "no feature table 'hazard' (the file has: hazards)" out.txt && ok "unknown layer named" ||
	fail "unknown layer: $(cat out.txt)"
cp wgs84.gpkg two.gpkg
ogr2ogr -f GPKG -update two.gpkg wgs84.gpkg -nln other
grep -v '^layer' "$data/foreign.map" >nolayer.map
"$HAZREG" --db t.gpkg import --mapping nolayer.map two.gpkg >out.txt 2>&1 && fail "two layers: imported"
grep -q "holds 2 feature tables (hazards, other): name one with 'layer = NAME'" out.txt &&
	ok "two layers: asks for one" || fail "two layers: $(cat out.txt)"
"$HAZREG" --db t.gpkg import --format gpkg --mapping nolayer.map "$data/foreign_areas.geojson" \
	>out.txt 2>&1 && fail "GeoJSON as gpkg: imported"
grep -q 'foreign_areas.geojson: not a GeoPackage' out.txt && ok "not a GeoPackage: said" ||
	fail "not a GeoPackage: $(cat out.txt)"
# text that is not UTF-8 (a layer written in another encoding) is refused, not garbled
cp wgs84.gpkg latin1.gpkg
for t in $(sqlite3 latin1.gpkg "SELECT name FROM sqlite_master WHERE type = 'trigger'"); do
	sqlite3 latin1.gpkg "DROP TRIGGER \"$t\"" # they call GDAL's ST_* functions
done
sqlite3 latin1.gpkg "UPDATE hazards SET Site_Name = CAST(x'506f6c65e9' AS TEXT) WHERE fid = 3"
"$HAZREG" --db l.gpkg import --mapping "$data/foreign.map" latin1.gpkg >out.txt 2>&1 &&
	fail "latin-1 text: imported"
grep -q 'feature 2: Site_Name: layer hazards, fid 3: the text is not UTF-8' out.txt &&
	ok "latin-1 text: refused, naming the column" || fail "latin-1 text: $(cat out.txt)"
# read-only: the source file is not changed
sum=$(sha256sum wgs84.gpkg)
"$HAZREG" --db ro.gpkg import --mapping "$data/foreign.map" wgs84.gpkg >/dev/null
[ "$(sha256sum wgs84.gpkg)" = "$sum" ] && ok "the source is left as it was" ||
	fail "the source GeoPackage changed"
finish
