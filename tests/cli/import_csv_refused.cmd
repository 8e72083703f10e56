# CSV files that are refused, each with the line and column (field number)
# at fault and its reason; nothing is written, no register is made.
for f in broken_quote unknown_tag unknown_column too_many bad_number bad_wkt bad_word lat_only; do
	"$HAZREG" import data/csv_bad/$f.csv 2>&1
	echo "rc=$?"
done
# Ukrainian spreadsheet with a decimal comma in a count
"$HAZREG" import data/uk_bad.csv 2>&1
echo "rc=$?"
test -e hazreg.gpkg && echo "register created" || echo "no register created"
# --skip-invalid: the good rows in, the refused ones' CSV text in the rejects file
"$HAZREG" import --skip-invalid rejects.txt data/csv_bad/bad_number.csv 2>&1
echo "rc=$?"
tr '\036' '^' <rejects.txt
