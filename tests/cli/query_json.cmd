fixture
"$HAZREG" query point 36.01 49.01 --at 2025-07-01 --json
"$HAZREG" query point 35.5 48.5 --json
