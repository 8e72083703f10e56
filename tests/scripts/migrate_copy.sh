# hazreg migrate between GeoPackage files (between databases in
# pg.script.migrate_copy; pg.migrate copies across backends): a copy holds
# the same tree head and state; a copy into a register is refused; a copy
# that fails (a leaf hash in the source that is not its bytes') leaves a
# destination that cannot be opened, saying why; so does one marked
# incomplete.
. "$(dirname "$0")/../lib/common.sh"
cd "$HR_TEST_TMP"
rm -f src.gpkg* copy.gpkg* again.gpkg* bad.gpkg* badcopy.gpkg*
src=$(register src) && copy=$(register copy) && badcopy=$(register badcopy) || fail "no register"
gen --profile demo --seed 11 --areas 60 -o src.geojson
"$HAZREG" --db "$src" import src.geojson >/dev/null || fail "import"
root() { "$HAZREG" --db "$1" log root | sed -n 's/^root: //p'; }

"$HAZREG" migrate "$src" "$copy" >out.txt 2>err.txt && grep -q "the same in both" out.txt &&
	ok "copy made and proven" || fail "copy: $(cat out.txt err.txt)"
[ -n "$(root "$src")" ] && [ "$(root "$src")" = "$(root "$copy")" ] &&
	ok "the copy's tree head is the source's" || fail "tree heads differ"
[ "$("$HAZREG" --db "$src" digest)" = "$("$HAZREG" --db "$copy" digest)" ] &&
	ok "the copy's state digest is the source's" || fail "digests differ"
"$HAZREG" --db "$copy" query point 37 48 >/dev/null && ok "the copy opens" ||
	fail "the copy does not open"

! "$HAZREG" migrate "$src" "$copy" >/dev/null 2>err.txt && grep -q "already" err.txt &&
	ok "a copy into a register is refused" || fail "copy over a register: $(cat err.txt)"

# a source whose stored leaf hash is not that of the record's bytes
bad=$(register_copy "$src" bad) || fail "copy"
tamper_sql "$bad" "UPDATE hr_log SET leaf = $(sql_blob "$(printf '%064d' 0)") WHERE idx = 5" ||
	fail "tampering"
! "$HAZREG" migrate "$bad" "$badcopy" >/dev/null 2>err.txt &&
	grep -q "leaf hash is not that of its bytes" err.txt &&
	ok "a source whose leaf is not its bytes' is refused" || fail "bad leaf: $(cat err.txt)"
if on_pg || [ -e "$badcopy" ]; then
	! "$HAZREG" --db "$badcopy" query point 37 48 >/dev/null 2>err.txt &&
		grep -q "incomplete copy" err.txt && ok "the failed copy left cannot be opened" ||
		fail "a failed copy opens: $(cat err.txt)"
else
	ok "the failed copy was removed"
fi

# a copy stopped half-way is marked incomplete until proven
again=$(register_copy "$copy" again) || fail "copy"
sql "$again" "UPDATE hr_meta SET value = 'incomplete' WHERE key = 'copy_state'" || fail "marking"
! "$HAZREG" --db "$again" query point 37 48 >/dev/null 2>err.txt &&
	grep -q "incomplete copy (hazreg migrate failed or was stopped): remove it and copy again" err.txt &&
	ok "an incomplete copy is refused at open, saying why" || fail "incomplete: $(cat err.txt)"
finish
