# GDAL opens the register as what it is, a GeoPackage or a PostGIS
# database (pg.script.ogrinfo): the feature layers listed with their
# geometry types, right feature counts and extent, WGS 84, a spatial
# index, no warnings.
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
db=$(register reg) || fail "no register"
gen --profile demo --seed 11 --areas 300 -o demo.geojson
"$HAZREG" --db "$db" import demo.geojson >/dev/null
"$HAZREG" --db "$db" export --format geojson --layer areas -o areas.geojson
src=$(ogr_name "$db")
want=$(grep -o '"type":"Feature","id":"DEMO-HA-[0-9]*"' demo.geojson | sort -u | wc -l)
ogrinfo -ro -so "$src" hazardous_areas >info.txt 2>err.txt || fail "ogrinfo failed: $(cat err.txt)"
[ ! -s err.txt ] || fail "ogrinfo printed warnings: $(cat err.txt)"
got=$(sed -n 's/^Feature Count: //p' info.txt)
[ "$got" = "$want" ] && ok "ogrinfo: $got hazardous areas" || fail "feature count $got, want $want"
grep -q 'Geometry: Multi Polygon' info.txt && ok "geometry type" || fail "geometry type: $(cat info.txt)"
grep -q 'EPSG.*4326\|WGS 84' info.txt && ok "CRS is WGS 84" || fail "CRS: $(cat info.txt)"
# extent: against GDAL's own reading of the exported GeoJSON
ext_db=$(sed -n 's/^Extent: //p' info.txt)
ext_json=$(ogrinfo -ro -so areas.geojson areas 2>/dev/null | sed -n 's/^Extent: //p')
[ -n "$ext_db" ] && [ "$ext_db" = "$ext_json" ] && ok "extent $ext_db" ||
	fail "extent $ext_db, GeoJSON export says $ext_json"
# every feature layer in GDAL's list, with its geometry type; its count
# that of the table
ogrinfo -ro -q "$src" >list.txt 2>err.txt || fail "ogrinfo list: $(cat err.txt)"
for lt in "hazardous_areas Multi Polygon" "release_parts Multi Polygon" "eo_items Point" \
	"accidents Point" "eore_sessions Point"; do
	layer=${lt%% *}
	grep -q "^[0-9]*: $layer ($(echo "${lt#* }" | sed 's/ /.*/'))" list.txt &&
		ok "listed: $layer (${lt#* })" || fail "$layer (${lt#* }) not listed: $(cat list.txt)"
	got=$(ogrinfo -ro -so "$src" "$layer" 2>e.txt | sed -n 's/^Feature Count: //p')
	[ ! -s e.txt ] && [ "$got" = "$(sql "$db" "SELECT count(*) FROM $layer")" ] &&
		ok "layer $layer: $got features" || fail "layer $layer: count $got: $(cat e.txt)"
done
[ "$(sql "$db" "SELECT count(*) FROM eo_items")" -gt 0 ] || fail "no item: the counts are vacuous"
ogrinfo -ro -so "$src" device_classes >/dev/null 2>e.txt && [ ! -s e.txt ] &&
	ok "attribute table device_classes" || fail "device_classes: $(cat e.txt)"
if on_pg; then
	# the spatial index: a GiST index on each feature layer's geometry;
	# the geometry column typed and in WGS 84, as geometry_columns says
	n=$(sql "$db" "SELECT count(*) FROM pg_indexes WHERE tablename IN ('hazardous_areas',
		'release_parts', 'eo_items', 'accidents', 'eore_sessions')
		AND indexdef LIKE '%USING gist (geom)%'")
	[ "$n" = 5 ] && ok "GiST indexes on the geometries" || fail "GiST indexes: $n of 5"
	sql "$db" "SELECT type, srid FROM geometry_columns WHERE f_table_name = 'hazardous_areas'" |
		grep -qx 'MULTIPOLYGON|4326' && ok "geometry_columns: MULTIPOLYGON, 4326" ||
		fail "geometry_columns: $(sql "$db" "SELECT * FROM geometry_columns")"
else
	# the spatial index is the GeoPackage extension GDAL uses
	ogrinfo -ro "$src" -sql "SELECT HasSpatialIndex('hazardous_areas','geom')" 2>/dev/null |
		grep -q '= 1' && ok "gpkg_rtree_index in use" || fail "no spatial index seen by GDAL"
	# GDAL's validation of the GeoPackage structure (if this GDAL has the script)
	sqlite3 "$db" 'PRAGMA application_id; PRAGMA user_version' | tr '\n' ' ' |
		grep -q '1196444487 10300' && ok "application_id GPKG, user_version 10300" ||
		fail "GeoPackage header ids"
fi
finish
