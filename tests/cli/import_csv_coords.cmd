# Coordinates in CSV cells as field teams write them (docs/formats.md,
# "Coordinates"): an MGRS square for an area is kept as the square, UTM and
# DMS and Ukrainian hemisphere words give points, lat and lon cells in DMS.
"$HAZREG" import data/coords.csv
echo "rc=$?"
"$HAZREG" export | jq -c '.features[] | {id, geometry: .geometry.type,
	first: (if .geometry.type == "Point" then .geometry.coordinates else .geometry.coordinates[0][0][0] end)}'
"$HAZREG" --db bad.gpkg import data/coords_bad.csv 2>&1
echo "rc=$?"
