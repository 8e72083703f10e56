# An import with an error in one file and a warning in another: the
# refusal is printed, nothing is written (the warning is in --json and
# 'hazreg check'); with --skip-invalid the warned feature goes in, its
# warning printed, and the refused one goes to REJECTS.
"$HAZREG" import data/quality/vertex_dup.geojson data/quality/geom_invalid.geojson 2>&1
echo "exit $?"
test -e hazreg.gpkg || echo "no register was made"
"$HAZREG" import data/quality/vertex_dup.geojson data/quality/geom_invalid.geojson \
	--skip-invalid rejects.geojsons 2>&1
echo "exit $?"
tr '\036' @ < rejects.geojsons | cut -c1-60
