# The checks' options: a country outline (--country), a longer edge
# (--max-edge-km), a higher overlap (--overlap) let the same files pass.
"$HAZREG" check data/quality/outside_outline.geojson --country data/quality/country.geojson 2>&1
echo "exit $?"
"$HAZREG" check data/quality/outside_outline.geojson --country data/quality/country_wide.geojson 2>&1
echo "exit $?"
"$HAZREG" check data/quality/outside.geojson --country data/quality/country_wide.geojson 2>&1
echo "exit $?"
"$HAZREG" check data/quality/edge_long.geojson --max-edge-km 6 2>&1
echo "exit $?"
"$HAZREG" check data/quality/dup_input.geojson --overlap 96 2>&1
echo "exit $?"
"$HAZREG" check data/quality/vertex_dup.geojson --strict 2>&1
echo "exit $?"
"$HAZREG" check data/quality/base.geojson --country data/bad.geojson 2>&1
echo "exit $?"
"$HAZREG" check data/quality/base.geojson --overlap 0 2>&1 | head -1
