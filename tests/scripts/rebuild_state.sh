# State is derived: a rebuild from the log gives the same digest and
# byte-identical query answers (in a GeoPackage, and in a database:
# pg.script.rebuild_state); the public export holds no private field.
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
db=$(register reg) || fail "no register"
gen --profile demo --seed 5 --areas 400 -o demo.geojson
"$HAZREG" --db "$db" import demo.geojson >/dev/null
# 300 point queries; 100 on PostgreSQL, where each opens a connection
gen --profile bench --seed 5 --queries "$(on_pg && echo "${HR_REBUILD_QUERIES:-100}" || echo 300)" >queries.txt
run_queries() {
	while read -r lon lat t; do
		"$HAZREG" --db "$1" query point "$lon" "$lat" --at "$t" --json
	done <queries.txt
	"$HAZREG" --db "$1" query bbox 34 46 40 50.5 --at 2026-01-01T00:00:00Z --json
}
run_queries "$db" >before.json
d1=$("$HAZREG" --db "$db" digest)
copy=$(register_copy "$db" copy) || fail "copy"
"$HAZREG" --db "$copy" rebuild >/dev/null
d2=$("$HAZREG" --db "$copy" digest)
[ "$d1" = "$d2" ] && ok "rebuild digest equals state ($d1)" || fail "digest $d1 != $d2"
run_queries "$copy" >after.json
cmp -s before.json after.json && ok "query answers byte-identical after rebuild ($(wc -l <before.json) answers)" ||
	fail "query answers differ after rebuild"
grep -q '"state":"hazardous"' before.json || fail "queries found nothing: the test is vacuous"
"$HAZREG" --db "$db" check >check.txt && ok "check: consistent" || fail "check: $(cat check.txt)"
# a derived row changed behind the register's back is caught by check
# (edited through GDAL, as QGIS would: the GeoPackage triggers need its ST_ functions)
ogrinfo "$(ogr_name "$copy")" -q -sql "UPDATE hazardous_areas SET status='closed' WHERE fid=(SELECT min(fid) FROM hazardous_areas)" >/dev/null 2>&1 ||
	fail "GDAL could not edit the register"
if "$HAZREG" --db "$copy" check >check2.txt; then fail "check missed a tampered derived row"; else ok "check catches a tampered derived row"; fi
# damaged Merkle tiles are caught by check, and a rebuild restores them
tiles=$(register_copy "$db" tiles) || fail "copy"
if on_pg; then zeros="decode(repeat('00', length(hashes)), 'hex')"; else zeros="zeroblob(length(hashes))"; fi
sql "$tiles" "UPDATE hr_tile SET hashes = $zeros WHERE level = 0 AND idx = 0"
if "$HAZREG" --db "$tiles" check >check3.txt; then fail "check missed damaged Merkle tiles"; else ok "check catches damaged Merkle tiles"; fi
"$HAZREG" --db "$tiles" rebuild >/dev/null && "$HAZREG" --db "$tiles" check >/dev/null &&
	ok "rebuild restores the tiles" || fail "rebuild did not restore the tiles"
# public export: no private field, no accident
"$HAZREG" --db "$db" export --format geojson -o public.geojson
grep -q '"victims"' demo.geojson || fail "demo data has no victims: the test is vacuous"
for word in victims informant finder 'Invented Person' '"kind":"accident"'; do
	if grep -q "$word" public.geojson; then fail "public export contains $word"; else ok "public export has no $word"; fi
done
[ "$(grep -c '"kind":"area"' public.geojson)" -gt 0 ] || fail "public export is empty"
ogrinfo -ro -so public.geojson >/dev/null 2>&1 && ok "GDAL reads the export" || fail "GDAL cannot read the export"
finish
