cat data/areas.geojson | "$HAZREG" import -
