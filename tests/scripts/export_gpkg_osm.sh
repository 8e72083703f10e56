# The GeoPackage and OSM exports (docs/formats.md) as GDAL reads them:
# ogrinfo lists the public layers with the register's counts, no private
# column or value is in the file, re-importing the GeoPackage gives the
# same public state; the OSM file is well-formed XML (xmllint) and GDAL's
# OSM driver reads back each open hazardous area, its tags and its area.
. "$(dirname "$0")/../lib/common.sh"
src=${HR_SRC:?}
cd "$HR_TEST_TMP"
gen --profile demo --seed 5 --areas 40 -o demo.geojson
"$HAZREG" --db reg.gpkg import demo.geojson "$src/tests/cli/data/foreign_areas.geojson" \
	--mapping /dev/null >/dev/null 2>&1 && fail "an empty mapping took foreign columns"
"$HAZREG" --db reg.gpkg import demo.geojson >/dev/null
"$HAZREG" --db reg.gpkg import --mapping "$src/tests/cli/data/foreign.map" \
	"$src/tests/cli/data/foreign_areas.geojson" >/dev/null
"$HAZREG" --db reg.gpkg export -o public.geojson

# ---- GeoPackage
"$HAZREG" --db reg.gpkg export --format gpkg --output public.gpkg >out.txt 2>&1 ||
	fail "gpkg export: $(cat out.txt)"
ogrinfo -ro -so -al public.gpkg >info.txt 2>err.txt || fail "ogrinfo: $(cat err.txt)"
[ ! -s err.txt ] && ok "ogrinfo -so -al: no warning" || fail "ogrinfo warned: $(cat err.txt)"
for lk in hazardous_areas:area release_parts:release eo_items:item eore_sessions:eore; do
	layer=${lk%%:*}
	want=$(sqlite3 reg.gpkg "SELECT count(*) FROM $layer") # the register's own table
	[ "$want" = "$(grep -c "\"kind\":\"${lk#*:}\"" public.geojson || true)" ] ||
		fail "$layer: the GeoJSON export does not hold the register's $want"
	got=$(sed -n "/^Layer name: $layer\$/,/^Feature Count/s/^Feature Count: //p" info.txt)
	[ "$got" = "$want" ] && ok "$layer: $got features" || fail "$layer: $got features, want $want"
done
[ "$(grep -c '"kind":"area"' public.geojson)" -gt 3 ] || fail "too few areas: vacuous"
grep -q '^Layer name: accidents' info.txt && fail "accidents in the public GeoPackage" ||
	ok "no accidents layer"
grep -q '^Layer name: public_reports' info.txt && fail "public reports in the public GeoPackage" ||
	ok "no public reports layer"
# no private column, and none of the private values the input holds
for col in informant finder victims contact review_note; do
	ogrinfo -ro public.gpkg -sql "SELECT name FROM pragma_table_info('hazardous_areas') WHERE name = '$col'
		UNION ALL SELECT name FROM pragma_table_info('eo_items') WHERE name = '$col'
		UNION ALL SELECT name FROM pragma_table_info('release_parts') WHERE name = '$col'
		UNION ALL SELECT name FROM pragma_table_info('eore_sessions') WHERE name = '$col'" 2>/dev/null |
		grep -q "name (String) = $col" && fail "private column $col" || true
done
ogrinfo -ro public.gpkg -sql "SELECT name FROM pragma_table_info('hazardous_areas')" 2>/dev/null |
	grep -q 'name (String) = classification' && ok "ogrinfo -sql lists columns; no private one" ||
	fail "ogrinfo -sql does not list the columns"
private=$(grep -o '"informant":"[^"]*"' demo.geojson | head -1 | sed 's/.*:"//; s/"$//')
[ -n "$private" ] || fail "the demo data holds no informant: vacuous"
if grep -aqF "$private" public.gpkg; then fail "a private value is in the file"; else
	ok "no private value in the file"; fi
# the R-tree index, as GDAL uses it
ogrinfo -ro public.gpkg -sql "SELECT HasSpatialIndex('hazardous_areas', 'geom')" 2>/dev/null |
	grep -q '= 1' && ok "spatial index" || fail "no spatial index GDAL sees"
# never over an existing file, and nothing left behind
"$HAZREG" --db reg.gpkg export --format gpkg --output public.gpkg >out.txt 2>&1 &&
	fail "overwrote an existing file"
grep -q 'exists already' out.txt && ok "an existing file is refused" || fail "$(cat out.txt)"
[ "$(ls | grep -c '^public.gpkg\.')" = 0 ] && ok "no temporary file left" || fail "$(ls)"
# re-imported: the same public state (the history-derived columns aside)
"$HAZREG" --db again.gpkg import public.gpkg >out.txt 2>&1 || fail "re-import: $(cat out.txt)"
"$HAZREG" --db again.gpkg export -o again.geojson
python3 "$src/tests/lib/same_geojson.py" public.geojson again.geojson 0 records,last_index,first_reported \
	&& ok "re-imported: the same public state" || fail "re-imported: the state differs"

# ---- OSM
"$HAZREG" --db reg.gpkg export --format osm -o public.osm >out.txt 2>&1 || fail "osm: $(cat out.txt)"
xmllint --noout public.osm 2>err.txt && ok "xmllint: well-formed" || fail "xmllint: $(cat err.txt)"
grep -q '&amp;' public.osm && grep -q '&quot;Lypova&quot;' public.osm && ok "text XML-escaped" ||
	fail "no escaped text found"
# nodes shared: as many nodes as distinct positions
nodes=$(grep -c '<node ' public.osm)
refs=$(grep -o '<nd ref="[-0-9]*"' public.osm | sort -u | wc -l)
[ "$nodes" = "$refs" ] && ok "$nodes nodes, each used" || fail "$nodes nodes, $refs used"
dups=$(grep -o 'lat="[^"]*" lon="[^"]*"' public.osm | sort | uniq -d | wc -l)
[ "$dups" = 0 ] && ok "no position twice" || fail "$dups positions have several nodes"
# GDAL's OSM driver (negative ids need OSM_USE_CUSTOM_INDEXING=NO)
ogr2ogr --config OSM_USE_CUSTOM_INDEXING NO -f GeoJSON osm.geojson public.osm multipolygons \
	2>err.txt || fail "GDAL cannot read the OSM file: $(cat err.txt)"
python3 "$src/tests/lib/osm_check.py" public.geojson osm.geojson && ok "GDAL reads the areas back" ||
	fail "GDAL's reading differs"
grep -q '<relation ' public.osm && grep -q 'role="inner"' public.osm && ok "holes as relations" ||
	fail "no multipolygon relation with an inner ring"
"$HAZREG" --db reg.gpkg export --format osm -o public.osm >/dev/null 2>&1 &&
	fail "osm overwrote an existing file" || ok "osm: an existing file is refused"
finish
