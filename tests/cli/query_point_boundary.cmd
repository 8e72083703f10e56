# A point exactly on an edge is inside: south, east and north edges of DEMO-HA-001.
fixture
"$HAZREG" query point 36.05 49
"$HAZREG" query point 36.1 49.05
"$HAZREG" query point 36.05 49.1
