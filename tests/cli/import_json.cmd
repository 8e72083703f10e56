"$HAZREG" import data/areas.geojson data/release.geojson --json
