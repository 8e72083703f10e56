# Two files are one transaction: the bad second file keeps the good first one out.
"$HAZREG" import data/areas.geojson data/bad_two.geojson 2>&1
rc=$?
"$HAZREG" log list | cut -c1-38
exit $rc
