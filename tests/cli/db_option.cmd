# --db before or after the command, and HAZREG_DB.
"$HAZREG" --db first.gpkg init
"$HAZREG" init --db=second.gpkg
HAZREG_DB=third.gpkg "$HAZREG" init
ls *.gpkg
