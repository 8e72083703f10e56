fixture
"$HAZREG" export --layer accidents 2>&1
