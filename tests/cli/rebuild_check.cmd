# A rebuild from the log gives the same derived state; check agrees.
fixture
before=$("$HAZREG" digest)
is_digest "$before"
"$HAZREG" rebuild | sed -E 's/[0-9a-f]{64}/(digest)/g'
test "$before" = "$("$HAZREG" digest)" && echo "digest unchanged by rebuild"
"$HAZREG" check | sed -E 's/[0-9a-f]{64}/(digest)/g'
exit ${PIPESTATUS[0]}
