# --skip-invalid: the valid features go in (exit 0), the refused ones go to
# the rejects file; when every feature is refused nothing is written (exit 3).
"$HAZREG" import data/bad.geojson --skip-invalid rejects.geojsons 2>&1
echo "exit $?"
echo "rejects file, RS shown as @:"
tr '\036' @ < rejects.geojsons
"$HAZREG" import data/all_bad.geojson --skip-invalid rejects2.geojsons 2>&1
