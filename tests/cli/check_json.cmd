fixture
"$HAZREG" check --json | sed -E 's/[0-9a-f]{64}/(digest)/g'
"$HAZREG" digest --json | sed -E 's/[0-9a-f]{64}/(digest)/g'
"$HAZREG" rebuild --json | sed -E 's/[0-9a-f]{64}/(digest)/g'
