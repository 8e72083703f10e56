# A point exactly on an edge is inside.
fixture
"$HAZREG" query point 36.05 49
"$HAZREG" query point 36.1 49.05
