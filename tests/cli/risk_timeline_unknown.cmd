# Persistent devices of unknown number: no expected number is made up, the
# probability stays at 1, and the default range is a year.
fixture
"$HAZREG" risk timeline DEMO-HA-002 --step 90d
