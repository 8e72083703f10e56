# One coordinate in degrees, minutes and seconds, in the forms field teams write;
# 49°03'N 36°01'48"E is inside DEMO-HA-001 (west of its hole).
fixture
"$HAZREG" query point "49°03'00\"N 36°01'48\"E"
"$HAZREG" query point "49 03 00 N, 36 01 48 E" | head -3
"$HAZREG" query point "49d03m00s 36d01m48s" | head -1
"$HAZREG" query point "49.05 пн. ш., 36.03 сх. д." | head -1
