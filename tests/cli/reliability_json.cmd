fixture
"$HAZREG" reliability --json
