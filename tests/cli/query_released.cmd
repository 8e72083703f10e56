# DEMO-RP-001 (cleared, released 2025-06-01) covers 36.00..36.02 x 49.00..49.02.
fixture
"$HAZREG" query point 36.01 49.01 --at 2025-05-31T23:59:59Z
"$HAZREG" query point 36.01 49.01 --at 2025-06-01
"$HAZREG" query point 36.01 49.01
