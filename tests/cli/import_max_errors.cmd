"$HAZREG" import data/bad_two.geojson --max-errors 1 2>&1
