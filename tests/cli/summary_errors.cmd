# Usage errors, a register without boundaries, boundaries refused.
"$HAZREG" import data/areas.geojson >/dev/null || exit 9
"$HAZREG" summary 2>&1
echo "  exit $?"
"$HAZREG" summary --by adm3 >out 2>&1
echo "  exit $?"
head -1 out
"$HAZREG" summary --by adm1 --format png 2>&1 | head -1
"$HAZREG" summary --by adm1 --format svg --output x.png 2>&1 | head -1
"$HAZREG" summary --by adm1 --format csv --json 2>&1 | head -1
"$HAZREG" summary --by adm1 2>&1
echo "  exit $?"
cat >bad_level.geojson <<'JSON'
{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"UA99","properties":{"kind":"adm_area","org":"DEMO-NMAC",
  "date_of_information":"2024-01-01","adm_level":3,"name":"Gamma"},
  "geometry":{"type":"Polygon","coordinates":[[[30,45],[31,45],[31,46],[30,46],[30,45]]]}}]}
JSON
"$HAZREG" import bad_level.geojson 2>&1
echo "  exit $?"
sed -e 's/"adm_level":3/"adm_level":1/' -e 's/"Polygon","coordinates":.*/"Point","coordinates":[30,45]}}]}/' bad_level.geojson >point.geojson
"$HAZREG" import point.geojson 2>&1
echo "  exit $?"
sed -e 's/"adm_level":3,//' bad_level.geojson >no_level.geojson
"$HAZREG" import no_level.geojson 2>&1
echo "  exit $?"
