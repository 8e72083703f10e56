fixture
"$HAZREG" show DEMO-HA-999 2>&1
