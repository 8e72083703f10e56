# hazreg check FILE: each data-quality code tripped by a file of its own,
# with no register (the checks against registered areas are skipped, and
# the output says so); exit 0 none, 3 errors, 6 warnings only.
for f in geom_invalid dup_input vertex_dup edge_long outside date_future \
	item_before_emplacement date_emplacement_input date_order count_negative \
	count_absurd refused base; do
	echo "== $f"
	"$HAZREG" check data/quality/$f.geojson 2>&1
	echo "exit $?"
done
test -e hazreg.gpkg || echo "no register was made"
