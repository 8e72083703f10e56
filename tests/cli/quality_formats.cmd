# The checks run on records, whatever the format: a CSV file (a refusal
# with its line and column keeps them) and a KoBoToolbox export.
"$HAZREG" check data/csv_bad/bad_number.csv data/kobo_nts.json data/uk.csv 2>&1
echo "exit $?"
