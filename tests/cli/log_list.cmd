"$HAZREG" init >/dev/null
"$HAZREG" log list
