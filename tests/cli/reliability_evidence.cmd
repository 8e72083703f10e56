# More evidence: nine np-sd-48h items found self-destructed (n = 10, k = 1:
# Beta(2, 10), found after the SDA deadline: worse than 0.001), one found inside its SD window (not
# counted), two np-sd-15d items in an area without a latest emplacement
# (counted from its first report, as the model takes it). One class, and the chart.
fixture
"$HAZREG" import data/evidence.geojson >/dev/null
"$HAZREG" reliability
echo ---
"$HAZREG" reliability --class np-sd-48h -o chart.svg
grep -c 'Field evidence is worse' chart.svg
grep -o 'n = 10, k = 1 live' chart.svg
