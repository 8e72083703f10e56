# A 1 m MGRS reference is queried as its centre: DEMO-HA-002 at 36.25 49.05.
fixture
"$HAZREG" query point "37UBQ9907036657"
"$HAZREG" query point "37U BQ 99070 36657" | head -1
