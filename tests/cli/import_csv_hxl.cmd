# CSV with a row of names and a row of HXL tags: areas, items and EORE
# sessions in one file; a note over two lines, quotes and commas in cells;
# contamination as JSON text; lat/lon columns for points.
"$HAZREG" import data/hxl.csv
echo "rc=$?"
"$HAZREG" export | jq -c '.features[] | {id, kind: .properties.kind, geometry: .geometry.type,
	name: .properties.name, pcode: .properties.pcode, devices: .properties.devices,
	girls: .properties.girls, men: .properties.men, condition: .properties.condition}'
"$HAZREG" show CSV-HA-001 --json | jq -r '.records[0].fields.note'
# a spreadsheet in Ukrainian: UTF-8 with a BOM, ';' between cells, CRLF,
# labels in Ukrainian over the HXL tags
"$HAZREG" --db uk.gpkg import data/uk.csv
echo "rc=$?"
"$HAZREG" --db uk.gpkg export | jq -c '.features[] | {id, kind: .properties.kind, name: .properties.name,
	org: .properties.org, geometry: .geometry.type, women: .properties.women}'
# a .tsv file is tab-separated whatever its header holds; standard input with --format csv
printf 'id\torg\tdate_of_information\tclassification\tname\tgeometry\nT-1\tDEMO-NGO\t2025-04-01\tSHA\tField, by the road; west\tPOLYGON ((36 48, 36.1 48, 36.1 48.1, 36 48))\n' >t.tsv
"$HAZREG" --db tsv.gpkg import t.tsv
echo "rc=$?"
"$HAZREG" --db tsv.gpkg export --format csv | tr -d '\r' | "$HAZREG" --db stdin.gpkg import --format csv -
echo "rc=$?"
"$HAZREG" --db stdin.gpkg export | jq -c '.features[] | {id, name: .properties.name}'
