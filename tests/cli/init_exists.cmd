"$HAZREG" init >/dev/null
"$HAZREG" init 2>&1
