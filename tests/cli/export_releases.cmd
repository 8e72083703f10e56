fixture
"$HAZREG" export --format geojson --layer releases
