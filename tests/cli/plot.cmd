# The decay curve drawn: SVG and PNG by the file's name. The SVG is
# self-contained, has the status in its title and never says "safe"; the
# PNG is 1000 x 624 pixels (its IHDR).
fixture
"$HAZREG" plot DEMO-HA-001 -o decay.svg --at 2025-01-10
sed -n 1p decay.svg
grep -o '<title>[^<]*</title>' decay.svg
grep -c 'Hazardous until released by survey or clearance' decay.svg
echo "safe: $(grep -ci 'safe' decay.svg)"
"$HAZREG" plot DEMO-HA-001 -o decay.png --lang uk --at 2025-01-10
od -A n -t x1 -N 24 decay.png
ls decay.*
