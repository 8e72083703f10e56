# The bar chart: well-formed SVG with one bar per oblast and one for the
# land outside every boundary; PNG with its signature and size.
"$HAZREG" import data/adm_boundaries.geojson data/adm_register.geojson >/dev/null || exit 9
"$HAZREG" summary --by adm1 --at 2025-07-01 --output oblasts.svg
echo "  exit $?"
xmllint --noout oblasts.svg && echo "well-formed"
echo "bars: $(grep -c '<g class="bar"' oblasts.svg)"
grep -o '<g class="bar" data-pcode="[^"]*"' oblasts.svg
"$HAZREG" summary --by adm2 --at 2025-05-01 --format svg | xmllint --xpath 'count(//*[local-name()="g"][@class="bar"])' - ; echo
"$HAZREG" summary --by adm1 --at 2025-07-01 --format png -o oblasts.png
echo "  exit $?"
head -c 8 oblasts.png | od -An -tx1
# IHDR: width and height, big-endian, at bytes 16 and 20
echo "size: $(od -An -tu1 -j16 -N4 oblasts.png | awk '{print $1*16777216+$2*65536+$3*256+$4}') x $(od -An -tu1 -j20 -N4 oblasts.png | awk '{print $1*16777216+$2*65536+$3*256+$4}')"
