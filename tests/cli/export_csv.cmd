# One layer as CSV in import form, with HXL tags on request: RFC 4180
# quoting, CRLF line ends, WKT with 7 decimals; derived columns left out.
fixture
"$HAZREG" export --format csv --hxl | tr -d '\r'
"$HAZREG" export --format csv --layer items | od -c | sed -n '1p' | cut -c1-40
"$HAZREG" export --format csv --hxl --layer eore -o eore.csv
tr -d '\r' <eore.csv
"$HAZREG" export --format csv --profile internal --layer accidents | tr -d '\r'
"$HAZREG" export --format csv --layer accidents 2>err.txt
echo "rc=$?"
head -1 err.txt
"$HAZREG" export --hxl 2>err.txt
echo "rc=$?"
head -1 err.txt
# and back: the exported CSV imports into a new register
"$HAZREG" export --format csv --hxl -o areas.csv >/dev/null
"$HAZREG" --db again.gpkg import areas.csv
