"$HAZREG" init >/dev/null
"$HAZREG" log list --from 1 --to 2 --json
