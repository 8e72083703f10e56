# An area's decay curve as a table: its status and "hazardous until
# released" first, then a row every step and at every emplacement bound,
# SD window and SDA deadline (np-sd-48h x12, emplaced 2024-11-25 to -26).
fixture
"$HAZREG" risk timeline DEMO-HA-001
