# CSV with an HXL hashtag row, by oblast and by raion, to stdout and to a file.
"$HAZREG" import data/adm_boundaries.geojson data/adm_register.geojson >/dev/null || exit 9
"$HAZREG" summary --by adm1 --at 2025-07-01 --format csv
echo "  exit $?"
"$HAZREG" summary --by adm2 --at 2025-05-01 --format csv --output raions.csv
echo "  exit $?"
cat raions.csv
