# An import with an error in one file and a warning in another: the
# refusal and the warning are both printed, nothing is written; with
# --skip-invalid the warned feature goes in and the refused one to REJECTS.
"$HAZREG" import data/quality/vertex_dup.geojson data/quality/geom_invalid.geojson 2>&1
echo "exit $?"
test -e hazreg.gpkg || echo "no register was made"
"$HAZREG" import data/quality/vertex_dup.geojson data/quality/geom_invalid.geojson \
	--skip-invalid rejects.geojsons 2>&1
echo "exit $?"
tr '\036' @ < rejects.geojsons | cut -c1-60
