# --json: the findings of check, and an import's warnings and error codes.
"$HAZREG" check data/quality/count_absurd.geojson data/quality/geom_invalid.geojson --json
echo "exit $?"
"$HAZREG" import data/quality/vertex_dup.geojson --json
echo "exit $?"
"$HAZREG" import data/quality/date_future.geojson --json
echo "exit $?"
