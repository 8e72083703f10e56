# One invalid feature: nothing is written, the register stays byte for byte.
fixture
cp hazreg.gpkg before.gpkg
"$HAZREG" import data/bad.geojson 2>&1
rc=$?
cmp hazreg.gpkg before.gpkg && echo "register unchanged"
exit $rc
