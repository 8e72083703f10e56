# The curve at its boundaries: before the earliest emplacement, between the
# emplacement bounds, each bound's SD moment (48 h), each bound's SDA
# deadline (120 days), each row checked by hand against docs/risk-model.md.
fixture
"$HAZREG" risk timeline DEMO-HA-001 --from 2024-11-24T00:00:00Z --to 2024-11-29 --step 12h
echo ---
"$HAZREG" risk timeline DEMO-HA-001 --from 2025-03-24 --to 2025-03-27 --step 1d
