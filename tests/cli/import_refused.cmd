# One invalid feature: nothing is written, the register stays byte for byte.
fixture
reg_bytes >before.bytes
"$HAZREG" import data/bad.geojson 2>&1
rc=$?
reg_bytes | cmp -s - before.bytes && echo "register unchanged"
exit $rc
