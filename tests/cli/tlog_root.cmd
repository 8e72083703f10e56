# "log root": the tree head of the log. A fresh register holds only the
# device-class catalogue, whose records carry no salt: its roots are fixed.
"$HAZREG" init >/dev/null
"$HAZREG" log root
echo "exit $?"
"$HAZREG" log root --size 2 --json
"$HAZREG" log root --size 1
"$HAZREG" log root --size=0
try() {
	"$HAZREG" "$@" 2>&1 >/dev/null | sed -n 1p
	echo "  exit ${PIPESTATUS[0]}"
}
try log root --size 5
try log root --size -1
try log root --size 1x
try log root --size 99999999999999999999
try log root 3
try log root --frob
"$HAZREG" --db missing.gpkg log root 2>&1
echo "exit $?"
