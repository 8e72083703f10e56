# Near-duplicates and emplacement dates against the register, read only:
# check leaves the register byte for byte; the same files pass with the
# option loosened; import prints the warnings after the summary, refuses a
# release before emplacement, and --strict refuses warnings too.
"$HAZREG" import data/quality/base.geojson >/dev/null
reg_bytes >before.bytes
"$HAZREG" check data/quality/dup_register.geojson data/quality/date_emplacement.geojson 2>&1
echo "exit $?"
reg_bytes | cmp -s - before.bytes && echo "register unchanged"
"$HAZREG" check data/quality/dup_register.geojson --overlap 96 2>&1
echo "exit $?"
"$HAZREG" import data/quality/date_emplacement.geojson 2>&1
echo "exit $?"
"$HAZREG" import data/quality/dup_register.geojson --strict 2>&1
echo "exit $?"
reg_bytes | cmp -s - before.bytes && echo "register unchanged"
"$HAZREG" import data/quality/dup_register.geojson 2>&1
echo "exit $?"
