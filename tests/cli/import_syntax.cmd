# A file that is not JSON to its end is refused whole; a register the
# import would have created is not left behind.
"$HAZREG" import data/broken.geojson 2>&1
rc=$?
test -e hazreg.gpkg && echo "register created" || echo "no register created"
exit $rc
