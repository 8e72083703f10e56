# Refused submissions: each named by its index and instance id, the field by
# its path in the form (a repeat entry's by its number); nothing is written.
"$HAZREG" init >/dev/null
reg_bytes >before.bytes
"$HAZREG" import data/kobo_bad.json 2>&1
rc=$?
reg_bytes | cmp -s - before.bytes && echo "register unchanged"
"$HAZREG" import --format kobo-json data/areas.geojson 2>&1
echo "rc=$?"
# a .json file that is a FeatureCollection stays GeoJSON
cp data/areas.geojson areas.json
"$HAZREG" --db other.gpkg import areas.json
echo "rc=$?"
exit $rc
