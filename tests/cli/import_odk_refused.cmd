# Refused rows of an ODK Central CSV export: each names the line and column
# of the field (in the repeat file for a repeat entry's field), a repeat row
# whose PARENT_KEY matches no submission is refused, and nothing is written.
"$HAZREG" import data/odk/hazreg_nts.csv >/dev/null
reg_bytes >before.bytes
"$HAZREG" import data/odk_bad/hazreg_clearance.csv 2>&1
rc=$?
reg_bytes | cmp -s - before.bytes && echo "register unchanged"
exit $rc
