"$HAZREG" query point 36.08 49.08 2>&1
rc=$?
test -e hazreg.gpkg && echo "register created" || echo "no register created"
exit $rc
