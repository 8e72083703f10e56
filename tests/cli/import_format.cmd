"$HAZREG" import --format shapefile data/areas.geojson 2>&1
echo "rc=$?"
"$HAZREG" import --mapping map.json data/areas.geojson 2>&1
echo "rc=$?"
test -e hazreg.gpkg && echo "register created" || echo "no register created"
cp data/areas.geojson areas.txt
"$HAZREG" import --format geojson areas.txt
