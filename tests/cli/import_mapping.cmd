# Another tool's column names, through a field mapping file (docs/formats.md)
"$HAZREG" init >/dev/null
"$HAZREG" import --mapping data/foreign.map data/foreign_areas.geojson
echo "rc=$?"
"$HAZREG" export --format geojson | grep -o '"id":"FOR-HA-00[0-9]"\|"name":"[^"]*\(\\"[^"]*\)*"\|"classification":"[A-Z]*"\|"status":"[a-z_]*"'
# the mapping's own faults name the line and column
printf 'id = Area_Code\nignore = OBJECTID,\n' >comma.map
"$HAZREG" import --mapping comma.map data/foreign_areas.geojson 2>&1
echo "rc=$?"
printf 'id = Area_Code\nIdentifier = Area_Code\n' >unknown.map
"$HAZREG" import --mapping unknown.map data/foreign_areas.geojson 2>&1
echo "rc=$?"
printf 'classification: "Suspected" -> SHA\n' >orphan.map
"$HAZREG" import --mapping orphan.map data/foreign_areas.geojson 2>&1
echo "rc=$?"
# a column the mapping does not name refuses the feature
grep -v '^ignore' data/foreign.map >noignore.map
"$HAZREG" import --mapping noignore.map data/foreign_areas.geojson 2>&1
echo "rc=$?"
# a value the value map does not know is left for the validator, which names the column
sed 's/"Suspected" -> SHA/"Suspected" -> suspected/' data/foreign.map >lower.map
"$HAZREG" import --mapping lower.map data/foreign_areas.geojson 2>&1
echo "rc=$?"
"$HAZREG" import --mapping missing.map data/foreign_areas.geojson 2>&1
echo "rc=$?"
# backquoted column names, integer codes through a value map, escapes in constants
cat >codes.geojson <<'JSON'
{"type":"Feature","properties":{"Area Code":"COD-1","Org":"DEMO-NGO","Date":"2025-05-01","Class Code":2,"Remark":null},
 "geometry":{"type":"Polygon","coordinates":[[[37.5,48.5],[37.6,48.5],[37.6,48.6],[37.5,48.5]]]}}
JSON
cat >codes.map <<'MAP'
id = `Area Code`    # a name with a blank
org = Org
date_of_information = Date
classification = `Class Code`
classification: 1 -> SHA
classification: 2 -> CHA
note = "a \"quoted\" note \\ with a backslash"
ignore = Remark
MAP
"$HAZREG" import --mapping codes.map codes.geojson | head -1
"$HAZREG" show COD-1 --json | grep -o '"classification":"[A-Z]*"\|"note":"[^}]*backslash"' | head -2
