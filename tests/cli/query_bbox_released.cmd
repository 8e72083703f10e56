fixture
"$HAZREG" query bbox 36.0 49.0 36.02 49.02 --at 2025-07-01
"$HAZREG" query bbox 36.0 49.0 36.03 49.02 --at 2025-07-01
