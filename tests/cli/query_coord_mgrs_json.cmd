# The square's answer as JSON: query "square", its centre, side and corners.
fixture
"$HAZREG" query point "37U BQ 836 428" --json | jq -c '{query, point, count, ids: [.areas[].area_id], coordinate}'
"$HAZREG" query point "37U 299070 5436657" --json | jq -c '{query, point, count, coordinate}'
