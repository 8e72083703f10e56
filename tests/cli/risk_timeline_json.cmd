# JSON rows: expected numbers and P(any live) for both bounds, and events.
# DEMO-HA-003: np-sd-15d x40 from 2025-03-01, latest emplacement unknown
# (taken as the first report, 2025-03-05).
fixture
"$HAZREG" risk timeline DEMO-HA-003 --from 2025-03-01 --to 2025-03-21 --step 5d --json
