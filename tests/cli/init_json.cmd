"$HAZREG" init --json
