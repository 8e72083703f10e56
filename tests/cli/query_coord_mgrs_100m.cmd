# A 100 m MGRS reference is a square: every area that meets it is listed.
# 37U BQ 836 428 reaches 5 m over the north edge (49.1) of DEMO-HA-001 while its
# centre lies 46 m outside: the square lists the area, a point query on the
# centre (or on the 1 m square there) finds none. A 100 m square inside the
# area's hole (37U BQ 844 372, around 36.05 49.05) finds none either.
fixture
"$HAZREG" query point "37U BQ 836 428"
echo "--- the centre as a point"
"$HAZREG" query point 36.0359262 49.1004129 | head -1
"$HAZREG" query point 37UBQ8365042850 | head -3
echo "--- a square inside the hole"
"$HAZREG" query point 37UBQ844372
