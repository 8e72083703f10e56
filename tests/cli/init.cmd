"$HAZREG" init
