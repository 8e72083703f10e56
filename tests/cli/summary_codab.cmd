# OCHA COD-AB boundaries (real COD-AB property names, made-up boxes over
# Ukraine) imported with the mapping files of examples/, then counted.
"$HAZREG" import --mapping "$HR_EXAMPLES/cod-ab-adm1.map" data/cod_ab_adm1.geojson 2>&1
echo "  exit $?"
"$HAZREG" import --mapping "$HR_EXAMPLES/cod-ab-adm2.map" data/cod_ab_adm2.geojson 2>&1
echo "  exit $?"
"$HAZREG" export --layer admin | jq -c '.features[].properties | [.adm_level, .name, .name_uk, .parent_pcode, .org, .date_of_information]'
# a CHA across the line between two raions of Donetska, and one in Kharkivska
cat >areas.geojson <<'JSON'
{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"HA-A","properties":{"kind":"area","org":"DEMO-NMAC","date_of_information":"2025-01-10",
  "classification":"CHA","evidence_type":"direct"},
  "geometry":{"type":"Polygon","coordinates":[[[37.0,48.3],[37.1,48.3],[37.1,48.5],[37.0,48.5],[37.0,48.3]]]}},
 {"type":"Feature","id":"HA-B","properties":{"kind":"area","org":"DEMO-NMAC","date_of_information":"2025-01-10",
  "classification":"SHA","evidence_type":"indirect"},
  "geometry":{"type":"Polygon","coordinates":[[[36.0,49.5],[36.1,49.5],[36.1,49.6],[36.0,49.6],[36.0,49.5]]]}}]}
JSON
"$HAZREG" import areas.geojson >/dev/null
"$HAZREG" summary --by adm1 --at 2025-07-01 --format csv
"$HAZREG" summary --by adm2 --at 2025-07-01 --format csv
# a COD-AB column the mapping does not name refuses the feature, by name
jq '.features[0].properties.ADM1_NOTE = "x"' data/cod_ab_adm1.geojson >extra.geojson
"$HAZREG" import --mapping "$HR_EXAMPLES/cod-ab-adm1.map" extra.geojson 2>&1
echo "  exit $?"
# boundaries round-trip through CSV with HXL tags
"$HAZREG" export --format csv --hxl --layer admin -o adm.csv
sed -n 2p adm.csv
"$HAZREG" --db second.gpkg import adm.csv >/dev/null
"$HAZREG" export --layer admin | sed 's/"last_index":[0-9]*//' >first.json
"$HAZREG" --db second.gpkg export --layer admin | sed 's/"last_index":[0-9]*//' >second.json
cmp first.json second.json && echo "the same boundaries after the round trip"
# the GeoPackage edition of COD-AB, read with the same mapping file
ogr2ogr -f GPKG cod_ab_adm1.gpkg data/cod_ab_adm1.geojson -nln ukr_admbnda_adm1
"$HAZREG" --db third.gpkg import --mapping "$HR_EXAMPLES/cod-ab-adm1.map" cod_ab_adm1.gpkg 2>&1 | head -1
"$HAZREG" --db third.gpkg summary --by adm1 --format csv | cut -d, -f1-4
