# Two files are one transaction: the bad second file keeps the good first one out.
"$HAZREG" init >/dev/null
"$HAZREG" import data/areas.geojson data/bad_two.geojson 2>&1
rc=$?
"$HAZREG" log list | awk '{ print $1, $3 }'
exit $rc
