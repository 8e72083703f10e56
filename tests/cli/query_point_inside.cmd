fixture
"$HAZREG" query point 36.08 49.08
