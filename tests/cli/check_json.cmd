fixture
"$HAZREG" check --json | head -c 40; echo
"$HAZREG" digest --json | sed -E 's/[0-9a-f]{64}/(digest)/'
