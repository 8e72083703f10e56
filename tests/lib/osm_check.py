#!/usr/bin/env python3
# osm_check.py EXPORT.geojson OSM_MULTIPOLYGONS.geojson - GDAL's reading of
# an OSM export (ogr2ogr of its multipolygons layer) against the register's
# GeoJSON export: one multipolygon per hazardous area that is not closed,
# found by its ref tag, tagged hazard=minefield with the right name,
# check_date and description, and of the same area (planar, in square
# degrees, within 1e-9 relative). Exits 1 at the first difference.
import json
import sys

reg = json.load(open(sys.argv[1]))
osm = json.load(open(sys.argv[2]))


def ring_area(r):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(r, r[1:]))) / 2


def area(g):
    polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
    return sum(ring_area(p[0]) - sum(ring_area(h) for h in p[1:]) for p in polys)


def tags(props):
    t = {}
    for part in (props.get("other_tags") or "").split('","'):
        if "=>" in part:
            k, v = part.strip('"').split('"=>"', 1)
            t[k] = v
    if props.get("name"):
        t["name"] = props["name"]
    return t


want = {f["id"]: f for f in reg["features"]
        if f["properties"]["kind"] == "area" and f["properties"]["status"] != "closed"}
got = {}
for f in osm["features"]:
    t = tags(f["properties"])
    got[t.get("ref")] = (t, f["geometry"])
if sorted(want) != sorted(got):
    sys.exit(f"areas: {sorted(got)}, want {sorted(want)}")
for i, f in want.items():
    p, (t, g) = f["properties"], got[i]
    cls = {"CHA": "Confirmed", "SHA": "Suspected"}[p["classification"]]
    expect = {"hazard": "minefield", "check_date": p["date_of_information"][:10],
              "description": f"{cls} hazardous area ({p['classification']}); status: {p['status']}"}
    if p.get("name"):
        expect["name"] = p["name"]
    for k, v in expect.items():
        if t.get(k) != v:
            sys.exit(f"{i}: tag {k}={t.get(k)!r}, want {v!r}")
    a, b = area(f["geometry"]), area(g)
    if abs(a - b) > 1e-9 * a:
        sys.exit(f"{i}: area {b}, want {a}")
print(f"{len(want)} hazardous areas with their tags and areas")
