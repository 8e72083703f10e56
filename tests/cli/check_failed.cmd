# Tampering shows: a derived layer changed behind the register's back is
# found and mended by a rebuild; a changed log record is found for good.
command -v "$(reg_pg && echo psql || echo sqlite3)" >/dev/null ||
	{ echo "this case needs the sqlite3 (or psql) command"; exit 99; }
fixture
reg_sql "update device_classes set name = 'tampered' where class_id = 'np-sd-48h'"
"$HAZREG" check 2>&1
echo "exit $?"
"$HAZREG" rebuild >/dev/null
"$HAZREG" check >/dev/null && echo "consistent after rebuild"
reg_tamper "update hr_log set bytes = bytes || $(reg_blob 00) where idx = 7"
"$HAZREG" check 2>&1
