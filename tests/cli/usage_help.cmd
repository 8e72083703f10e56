"$HAZREG" query point -h
