#!/usr/bin/env python3
# same_geojson.py A B [TOL] [DROP,...] - two GeoJSON FeatureCollections hold
# the same features (by id, in any order): equal properties (but those
# named in DROP) and coordinates within TOL degrees (default 1e-7).
# Prints the first difference and exits 1.
import json
import sys

a, b = (json.load(open(p)) for p in sys.argv[1:3])
tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-7
drop = set(sys.argv[4].split(",")) if len(sys.argv) > 4 else set()


def close(x, y, where):
    if isinstance(x, list) and isinstance(y, list):
        if len(x) != len(y):
            sys.exit(f"{where}: {len(x)} positions or rings, not {len(y)}")
        for i, (u, v) in enumerate(zip(x, y)):
            close(u, v, f"{where}[{i}]")
    elif isinstance(x, (int, float)) and isinstance(y, (int, float)):
        if abs(x - y) > tol:
            sys.exit(f"{where}: {x} and {y} differ by more than {tol}")
    elif x != y:
        sys.exit(f"{where}: {x!r} and {y!r}")


fa = {f["id"]: f for f in a["features"]}
fb = {f["id"]: f for f in b["features"]}
if sorted(fa) != sorted(fb):
    sys.exit(f"ids differ: {sorted(fa)} and {sorted(fb)}")
for i in fa:
    pa = {k: v for k, v in fa[i]["properties"].items() if k not in drop}
    pb = {k: v for k, v in fb[i]["properties"].items() if k not in drop}
    if pa != pb:
        sys.exit(f"{i}: properties differ: {pa} and {pb}")
    ga, gb = fa[i]["geometry"], fb[i]["geometry"]
    if ga["type"] != gb["type"]:
        sys.exit(f"{i}: geometry {ga['type']} and {gb['type']}")
    close(ga["coordinates"], gb["coordinates"], f"{i}.coordinates")
print(f"{len(fa)} features alike (coordinates within {tol})")
