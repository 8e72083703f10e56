"$HAZREG" import data/areas.geojson data/no-such-file.geojson 2>&1
rc=$?
test -e hazreg.gpkg && echo "register created" || echo "no register created"
exit $rc
