fixture
"$HAZREG" query bbox 36.05 49.0 36.25 49.1 --json
