# A file that is not JSON to its end is refused whole.
"$HAZREG" import data/broken.geojson 2>&1
rc=$?
"$HAZREG" log list | tail -n +2 | wc -l
exit $rc
