# DEMO-HA-001 is hazardous from its earliest emplacement, 2024-11-25.
fixture
"$HAZREG" query point 36.08 49.08 --at 2024-11-24T23:59:59Z
"$HAZREG" query point 36.08 49.08 --at 2024-11-25T02:00+02:00
