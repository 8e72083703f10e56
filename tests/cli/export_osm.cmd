# The open hazardous areas as OSM XML (docs/formats.md, "OSM export")
"$HAZREG" import data/areas.geojson data/release.geojson >/dev/null
"$HAZREG" export --format osm --output areas.osm
echo "rc=$?"
cat areas.osm
"$HAZREG" export --format osm --output areas.osm 2>&1
echo "rc=$?"
"$HAZREG" export --format osm 2>&1 | head -1
"$HAZREG" export --format osm --layer items -o items.osm 2>&1 | head -1
"$HAZREG" export --format kml -o x.kml 2>&1 | head -1
test -e items.osm || test -e x.kml || echo "no file written"
