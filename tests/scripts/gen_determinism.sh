#!/bin/bash
# gen_determinism.sh - the fictional data generator keeps its promises:
# the same seed gives the same bytes and another seed other bytes; the
# FeatureCollection and the RFC 8142 sequence carry the same features; GDAL
# reads both with the expected feature count; every polygon is valid under
# GEOS (GDAL's SQLite dialect with SpatiaLite), release parts and points
# lie inside their area; query lines are well formed.
#
# Environment (set by ctest): HAZREG_GEN, HR_TEST_TMP. Needs ogrinfo from
# gdal-bin with SpatiaLite (libsqlite3-mod-spatialite).
set -u

gen=${HAZREG_GEN:?HAZREG_GEN must name the hazreg-gen program}
tmp=${HR_TEST_TMP:?HR_TEST_TMP must name a scratch directory}
rm -rf "$tmp"
mkdir -p "$tmp" || exit 1
cd "$tmp" || exit 1

failures=0
fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}
pass() {
	echo "ok: $*"
}

# One value from a one-row SQL query through GDAL's SQLite dialect.
sql1() { # FILE SQL
	ogrinfo -ro -q "$1" -dialect sqlite -sql "$2" 2>"$tmp/ogr.err" |
		sed -n 's/^  [^=]* = //p' | head -n 1
}

feature_count() { # FILE
	ogrinfo -ro -al -so "$1" 2>/dev/null | sed -n 's/^Feature Count: //p'
}

if ! command -v ogrinfo >/dev/null; then
	echo "FAIL: ogrinfo (gdal-bin) is needed for this test" >&2
	exit 1
fi
# The validity checks need SpatiaLite's GEOS functions in GDAL's SQLite
# dialect; make sure they are there and answer as GEOS does.
bowtie='[[[0,0],[1,1],[1,0],[0,1],[0,0]]]'
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},%s}]}\n' \
	"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":$bowtie}" >probe.json
probe=$(sql1 probe.json "SELECT ST_IsValid(geometry) AS v FROM probe")
if [ "$probe" != 0 ]; then
	echo "FAIL: GDAL's SQLite dialect lacks SpatiaLite's ST_IsValid (got '$probe')" >&2
	cat "$tmp/ogr.err" >&2
	exit 1
fi

# --- determinism ------------------------------------------------------
areas=300
"$gen" --seed 7 --areas $areas -o a1.json || fail "generator failed (fc)"
"$gen" --seed 7 --areas $areas >a2.json || fail "generator failed (stdout)"
if cmp -s a1.json a2.json; then
	pass "same seed, same bytes (demo, file and stdout)"
else
	fail "same seed gave different bytes: $(cmp a1.json a2.json 2>&1)"
fi
"$gen" --seed 8 --areas $areas -o b.json || fail "generator failed (seed 8)"
if cmp -s a1.json b.json; then
	fail "seeds 7 and 8 gave the same bytes"
else
	pass "different seed, different bytes"
fi
"$gen" --profile bench --areas 2000 --seed 5 -o bench1.json &&
	"$gen" --profile bench --areas 2000 --seed 5 -o bench2.json ||
	fail "generator failed (bench)"
cmp -s bench1.json bench2.json && pass "same seed, same bytes (bench)" ||
	fail "bench profile not deterministic"
"$gen" --profile bench --queries 5000 --seed 6 -o q1.txt &&
	"$gen" --profile bench --queries 5000 --seed 6 -o q2.txt ||
	fail "generator failed (queries)"
cmp -s q1.txt q2.txt && pass "same seed, same query points" ||
	fail "query points not deterministic"

# --- the two formats carry the same features --------------------------
"$gen" --seed 7 --areas $areas --format seq -o a.seq || fail "generator failed (seq)"
# A sequence record is RS, the JSON text, newline: exactly one RS per line,
# at its start.
bad_rs=$(LC_ALL=C awk 'substr($0, 1, 1) != "\036" || index(substr($0, 2), "\036") { n++ }
	END { print n + 0 }' a.seq)
[ "$bad_rs" = 0 ] && pass "every sequence line is RS + one JSON text" ||
	fail "$bad_rs sequence lines are not RS + one JSON text"
# The collection writes one feature per line between its header and footer.
LC_ALL=C tr -d '\036' <a.seq >seq.txt
LC_ALL=C sed -e '1d' -e '$d' -e 's/,$//' a1.json >fc.txt
n_lines=$(wc -l <fc.txt)
if cmp -s fc.txt seq.txt; then
	pass "fc and seq carry the same $n_lines features, in the same order"
else
	fail "fc and seq differ: $(cmp fc.txt seq.txt 2>&1)"
fi

# --- GDAL reads them ---------------------------------------------------
n_fc=$(feature_count a1.json)
n_seq=$(feature_count "GeoJSONSeq:a.seq")
[ -n "$n_fc" ] && [ "$n_fc" = "$n_lines" ] &&
	pass "ogrinfo reads the FeatureCollection: $n_fc features" ||
	fail "ogrinfo counts '$n_fc' features in the FeatureCollection, expected $n_lines"
[ "$n_seq" = "$n_lines" ] && pass "ogrinfo reads the sequence: $n_seq features" ||
	fail "ogrinfo counts '$n_seq' features in the sequence, expected $n_lines"
n_bench=$(feature_count bench1.json)
[ "$n_bench" = 2000 ] && pass "bench profile: 2000 features" ||
	fail "bench profile: '$n_bench' features, expected 2000"

distinct=$(sql1 a1.json "SELECT COUNT(DISTINCT id) AS n FROM a1 WHERE kind = 'area'")
[ "$distinct" = $areas ] && pass "$areas distinct hazardous areas" ||
	fail "'$distinct' distinct hazardous areas, expected $areas"
first=$(sql1 a1.json "SELECT COUNT(*) AS n FROM a1 WHERE kind = 'area' AND geometry IS NOT NULL")
[ "$first" = $areas ] && pass "every area has one first report with a perimeter" ||
	fail "'$first' area records with a perimeter, expected $areas"
older=$(sql1 a1.json "SELECT COUNT(*) AS n FROM a1 u JOIN a1 f ON u.id = f.id
	WHERE u.kind = 'area' AND f.kind = 'area' AND u.geometry IS NULL AND f.geometry IS NOT NULL
	AND u.date_of_information < f.date_of_information")
newer=$(sql1 a1.json "SELECT COUNT(*) AS n FROM a1 u JOIN a1 f ON u.id = f.id
	WHERE u.kind = 'area' AND f.kind = 'area' AND u.geometry IS NULL AND f.geometry IS NOT NULL
	AND u.date_of_information > f.date_of_information AND u.status <> f.status")
[ "${older:-0}" -ge 1 ] && [ "${older:-0}" -le 2 ] && [ "${newer:-0}" -ge 1 ] &&
	pass "updates: $newer later with a changed status, $older with older information" ||
	fail "updates: '$newer' later and '$older' older ones (expected >= 1 and 1-2)"

# --- valid polygons, parts inside their area ----------------------------
invalid=$(sql1 a1.json "SELECT COUNT(*) AS n FROM a1
	WHERE geometry IS NOT NULL AND NOT ST_IsValid(geometry)")
[ "$invalid" = 0 ] && pass "demo: no invalid geometry (GEOS via SpatiaLite)" ||
	fail "demo: '$invalid' invalid geometries"
invalid=$(sql1 bench1.json "SELECT COUNT(*) AS n FROM bench1 WHERE NOT ST_IsValid(geometry)")
[ "$invalid" = 0 ] && pass "bench: no invalid polygon" || fail "bench: '$invalid' invalid polygons"
polys=$(sql1 bench1.json "SELECT COUNT(*) AS n FROM bench1
	WHERE ST_GeometryType(geometry) = 'POLYGON' AND ST_NumPoints(ST_ExteriorRing(geometry))
	BETWEEN 6 AND 41")
[ "$polys" = 2000 ] && pass "bench: 2000 polygons of 5-40 vertices" ||
	fail "bench: '$polys' polygons of 5-40 vertices, expected 2000"
outside=$(sql1 a1.json "SELECT COUNT(*) AS n FROM a1 r JOIN a1 a ON r.area_id = a.id
	WHERE a.kind = 'area' AND a.geometry IS NOT NULL AND NOT ST_Covers(a.geometry, r.geometry)")
inside=$(sql1 a1.json "SELECT COUNT(*) AS n FROM a1 WHERE area_id IS NOT NULL")
[ "$outside" = 0 ] && [ "${inside:-0}" -gt 0 ] &&
	pass "all $inside release parts, items and accidents lie inside their area" ||
	fail "'$outside' of '$inside' dependent records lie outside their area"

# The check above must be able to fail: --invalid makes bow ties it finds.
"$gen" --seed 7 --areas 100 --invalid 4 -o inv.json || fail "generator failed (--invalid)"
invalid=$(sql1 inv.json "SELECT COUNT(*) AS n FROM inv WHERE NOT ST_IsValid(geometry)")
[ "$invalid" = 4 ] && pass "--invalid 4 gives exactly 4 invalid polygons" ||
	fail "--invalid 4 gives '$invalid' invalid polygons"

# --- text details ----------------------------------------------------------
if LC_ALL=C grep -qE '[0-9]\.[0-9]{8,}' a1.json bench1.json; then
	fail "a number carries more than 7 decimals"
else
	pass "no coordinate carries more than 7 decimals"
fi
if LC_ALL=C grep -oE '"[0-9]{4}-[0-9]{2}-[0-9]{2}T[^"]*"' a1.json |
	LC_ALL=C grep -qvE '^"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"$'; then
	fail "a time is not YYYY-MM-DDTHH:MM:SSZ"
else
	pass "every time is ISO 8601 with zone Z"
fi
d='[0-9]'
iso="^$d$d$d$d-$d$d-$d${d}T$d$d:$d$d:$d${d}Z\$"
bad_q=$(LC_ALL=C awk -v iso="$iso" '
	NF != 3 || $3 !~ iso ||
	$1 < 22.0 || $1 > 40.3 || $2 < 44.3 || $2 > 52.4 { bad++ }
	$1 >= 34 && $1 <= 40 && $2 >= 46 && $2 <= 50.5 { east++ }
	END { if (NR != 5000 || east < 0.65 * NR || east > 0.85 * NR) bad++; print bad + 0 }' q1.txt)
[ "$bad_q" = 0 ] && pass "5000 query lines \"LON LAT TIME\" in Ukraine's box, east-heavy" ||
	fail "query lines: $bad_q problems"

"$gen" --help >help.txt 2>&1 && grep -q SYNOPSIS help.txt && pass "--help" ||
	fail "--help does not print the manual"
"$gen" --no-such-option >/dev/null 2>&1
[ $? = 2 ] && pass "unknown option exits 2" || fail "unknown option does not exit 2"

if [ "$failures" -ne 0 ]; then
	echo "$failures check(s) failed" >&2
	exit 1
fi
echo "all generator checks passed"
