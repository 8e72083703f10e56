# UTM in zone 37 (band letter or N for north): the SHA DEMO-HA-002 at 36.25 49.05.
fixture
"$HAZREG" query point "37U 299070 5436657"
"$HAZREG" query point "37N 299070 5436657" | head -1
