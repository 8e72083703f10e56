fixture
"$HAZREG" query point 35.5 48.5
