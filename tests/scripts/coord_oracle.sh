#!/usr/bin/env bash
# coord_oracle.sh - hazreg's UTM and MGRS (src/formats/coord.c) against two
# independent programs, on 2,000 seeded random points over Ukraine and its
# neighbours (lon 22-40.3, lat 44.3-52.4) plus points on zone and band
# edges: PROJ's cs2cs for UTM (within 1 mm) and GeographicLib's GeoConvert
# for the zone and MGRS (the same 5-digit reference; GeoConvert's
# reference, read back by hr_coord_parse, is a square holding the point).
# Missing programs are a failure, not a skip: run scripts/bootstrap.
#
# Environment: HAZREG (test_coord is found beside it in tests/), or
# TEST_COORD (the test_coord binary itself); HR_TEST_TMP (scratch).
set -u

bin=${TEST_COORD:-$(dirname "${HAZREG:?set HAZREG or TEST_COORD}")/tests/test_coord}
tmp=${HR_TEST_TMP:-}
if [ -z "$tmp" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi
mkdir -p "$tmp"

for p in python3 cs2cs GeoConvert; do
	if ! command -v $p >/dev/null 2>&1; then
		echo "FAIL: $p is missing (packages python3, proj-bin, geographiclib-tools);" >&2
		echo "      run scripts/bootstrap and this test again" >&2
		exit 1
	fi
done
if [ ! -x "$bin" ]; then
	echo "FAIL: $bin is missing; build the unit tests first" >&2
	exit 1
fi

TEST_COORD=$bin python3 - "$tmp" <<'EOF'
import os, random, subprocess, sys

tmp = sys.argv[1]
rnd = random.Random(20260309)
pts = [(rnd.uniform(44.3, 52.4), rnd.uniform(22.0, 40.3)) for _ in range(2000)]
# edges: zone meridians (24, 30, 36 E), band parallels (48 N), a metre off
for lon in (24.0, 30.0, 36.0):
    for d in (-1e-5, 1e-5):
        pts.append((47.5, lon + d))
for d in (-1e-5, 1e-5):
    pts.append((48.0 + d, 33.0))
text = "".join("%.9f %.9f\n" % p for p in pts)

def run(args, inp):
    r = subprocess.run(args, input=inp, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("FAIL: %s: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout.split("\n")[:len(pts)]

mgrs = [l.strip() for l in run(["GeoConvert", "-m", "-p", "0"], text)]
utm_gl = [l.split() for l in run(["GeoConvert", "-u", "-p", "4"], text)]
# cs2cs: one run per zone (EPSG:326ZZ), the zone GeoConvert chose
zone = [int(u[0][:-1]) for u in utm_gl]
cs = [None] * len(pts)
for z in sorted(set(zone)):
    idx = [i for i in range(len(pts)) if zone[i] == z]
    out = run(["cs2cs", "-f", "%.6f", "EPSG:4326", "EPSG:326%02d" % z],
              "".join("%.9f %.9f\n" % pts[i] for i in idx))
    for i, l in zip(idx, out):
        cs[i] = [float(x) for x in l.split()[:2]]
hz = run([os.environ["TEST_COORD"], "--oracle"],
         "".join("%.9f %.9f %s\n" % (p[0], p[1], m) for p, m in zip(pts, mgrs)))

bad = 0
worst_cs = worst_gl = 0.0
for i, p in enumerate(pts):
    h = hz[i].split()
    if len(h) != 5:
        print("FAIL: point %d (%s): hazreg said %r" % (i, p, hz[i])); bad += 1; continue
    hzone, e, n, hm, inside = int(h[0][:-1]), float(h[1]), float(h[2]), h[3], h[4]
    de = max(abs(e - cs[i][0]), abs(n - cs[i][1]))
    dg = max(abs(e - float(utm_gl[i][1])), abs(n - float(utm_gl[i][2])))
    worst_cs, worst_gl = max(worst_cs, de), max(worst_gl, dg)
    why = []
    if hzone != zone[i]:
        why.append("zone %d, GeoConvert %d" % (hzone, zone[i]))
    if de > 0.001:
        why.append("UTM %.4f %.4f, cs2cs %.4f %.4f" % (e, n, cs[i][0], cs[i][1]))
    if dg > 0.001:
        why.append("UTM %.4f %.4f, GeoConvert %s %s" % (e, n, utm_gl[i][1], utm_gl[i][2]))
    if hm != mgrs[i]:
        why.append("MGRS %s, GeoConvert %s" % (hm, mgrs[i]))
    if inside != "inside":
        why.append("GeoConvert's %s read back does not hold the point" % mgrs[i])
    if why:
        bad += 1
        if bad <= 20:
            print("FAIL: %.9f %.9f: %s" % (p[0], p[1], "; ".join(why)))
print("%d points: %d differ; largest UTM difference %.3g m from cs2cs, %.3g m from GeoConvert"
      % (len(pts), bad, worst_cs, worst_gl))

# Reading: cs2cs's UTM and GeoConvert's MGRS of each point, and the point
# written by hand as DD and DMS in the forms of docs/formats.md, read by
# hr_coord_parse, land on the point (UTM, DD, DMS: within 1 mm, i.e. 1e-8
# degrees, the rounding of the text written aside) or hold it (MGRS).
def dms(v, pos, neg, style):
    h = pos if v >= 0 else neg
    v = abs(v)
    d = int(v); m = int((v - d) * 60); s = (v - d - m / 60) * 3600
    s = round(s, 4)
    if s >= 60: s -= 60; m += 1
    if m >= 60: m -= 60; d += 1
    if style == 0: return "%d°%02d'%07.4f\"%s" % (d, m, s, h)
    if style == 1: return "%d %02d %07.4f %s" % (d, m, s, h)
    if style == 2: return "%dd%02dm%07.4fs%s" % (d, m, s, h)
    return "%s%d°%02d′%07.4f″" % (h, d, m, s)
lines, want = [], []
for i, (lat, lon) in enumerate(pts):
    lines.append("%dN %.6f %.6f" % (zone[i], cs[i][0], cs[i][1])); want.append((lat, lon, 3))
    lines.append(["%.9f, %.9f", "%.9fN %.9fE", "N%.9f E%.9f", "%.9f пн. ш. %.9f сх. д."][i % 4]
                 % (lat, lon)); want.append((lat, lon, 1))
    st = i % 4
    lines.append(dms(lat, "N", "S", st) + (", " if st == 1 else " ") + dms(lon, "E", "W", st))
    want.append((lat, lon, 2))
out = subprocess.run([os.environ["TEST_COORD"], "--read"], input="\n".join(lines) + "\n",
                     capture_output=True, text=True).stdout.split("\n")
rbad = 0
worst = 0.0
for l, w, o in zip(lines, want, out):
    f = o.split()
    if o.startswith("refused") or len(f) != 4 or int(f[2]) != w[2]:
        rbad += 1
        if rbad <= 20: print("FAIL: %r read as %r" % (l, o))
        continue
    tol = 1e-8 if w[2] != 2 else 0.0001 / 3600 / 2 + 1e-12
    d = max(abs(float(f[1]) - w[0]), abs(float(f[0]) - w[1]))
    worst = max(worst, d)
    if d > tol:
        rbad += 1
        if rbad <= 20: print("FAIL: %r read as %s %s, expected %.9f %.9f" % (l, f[1], f[0], w[0], w[1]))
print("%d texts (UTM from cs2cs, DD, DMS) read: %d wrong; largest difference %.3g degrees"
      % (len(lines), rbad, worst))
sys.exit(1 if bad or rbad else 0)
EOF
