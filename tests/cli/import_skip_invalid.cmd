"$HAZREG" import data/bad.geojson --skip-invalid rejects.geojsons 2>&1
rc=$?
echo "rejects file, RS shown as @:"
tr '\036' @ < rejects.geojsons
exit $rc
