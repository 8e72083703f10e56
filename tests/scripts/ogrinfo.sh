# GDAL opens the register as the GeoPackage it is: right feature counts and
# extent, no warnings.
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
db=reg.gpkg
gen --profile demo --seed 11 --areas 300 -o demo.geojson
"$HAZREG" --db $db import demo.geojson >/dev/null
"$HAZREG" --db $db export --format geojson --layer areas -o areas.geojson
want=$(grep -o '"type":"Feature","id":"DEMO-HA-[0-9]*"' demo.geojson | sort -u | wc -l)
ogrinfo -ro -so $db hazardous_areas >info.txt 2>err.txt || fail "ogrinfo failed: $(cat err.txt)"
[ ! -s err.txt ] || fail "ogrinfo printed warnings: $(cat err.txt)"
got=$(sed -n 's/^Feature Count: //p' info.txt)
[ "$got" = "$want" ] && ok "ogrinfo: $got hazardous areas" || fail "feature count $got, want $want"
grep -q 'Geometry: Multi Polygon' info.txt && ok "geometry type" || fail "geometry type: $(cat info.txt)"
grep -q 'EPSG.*4326\|WGS 84' info.txt && ok "CRS is WGS 84" || fail "CRS: $(cat info.txt)"
# extent: against GDAL's own reading of the exported GeoJSON
ext_gpkg=$(sed -n 's/^Extent: //p' info.txt)
ext_json=$(ogrinfo -ro -so areas.geojson areas 2>/dev/null | sed -n 's/^Extent: //p')
[ -n "$ext_gpkg" ] && [ "$ext_gpkg" = "$ext_json" ] && ok "extent $ext_gpkg" ||
	fail "extent $ext_gpkg, GeoJSON export says $ext_json"
for layer in release_parts eo_items accidents eore_sessions device_classes; do
	ogrinfo -ro -so $db $layer >/dev/null 2>e.txt && [ ! -s e.txt ] && ok "layer $layer" ||
		fail "layer $layer: $(cat e.txt)"
done
# the spatial index is the GeoPackage extension GDAL uses
ogrinfo -ro $db -sql "SELECT HasSpatialIndex('hazardous_areas','geom')" 2>/dev/null |
	grep -q '= 1' && ok "gpkg_rtree_index in use" || fail "no spatial index seen by GDAL"
# GDAL's validation of the GeoPackage structure (if this GDAL has the script)
sqlite3 $db 'PRAGMA application_id; PRAGMA user_version' | tr '\n' ' ' | grep -q '1196444487 10300' &&
	ok "application_id GPKG, user_version 10300" || fail "GeoPackage header ids"
finish
