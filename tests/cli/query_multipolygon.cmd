fixture
"$HAZREG" query point 36.52 49.02
"$HAZREG" query point 36.47 49.02
