# The hole of DEMO-HA-001 is not part of it.
fixture
"$HAZREG" query point 36.05 49.05
