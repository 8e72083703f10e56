// The offline basemap, made at build time (web/build.mjs): the countries of
// @geo-maps/countries-land-10km cut to a box around Ukraine. Each ring is
// clipped to the box (Sutherland–Hodgman: the box is convex) and rounded
// to 0.01° (about 1 km, below the data's 10 km resolution), so the file
// stays small. Clipping may leave edges along the box's sides; they are
// outside the part of the map anyone looks at.

export const BASEMAP_BOX = { west: 14, south: 40, east: 46, north: 57 };

const round = (v) => Math.round(v * 100) / 100;

function clipRing(ring, box) {
  let pts = ring.slice(0, -1); // open ring
  const edges = [
    [(p) => p[0] >= box.west, (a, b) => cross(a, b, 0, box.west)],
    [(p) => p[0] <= box.east, (a, b) => cross(a, b, 0, box.east)],
    [(p) => p[1] >= box.south, (a, b) => cross(a, b, 1, box.south)],
    [(p) => p[1] <= box.north, (a, b) => cross(a, b, 1, box.north)],
  ];
  for (const [inside, at] of edges) {
    const res = [];
    for (let i = 0; i < pts.length; i++) {
      const cur = pts[i];
      const prev = pts[(i + pts.length - 1) % pts.length];
      if (inside(cur)) {
        if (!inside(prev)) res.push(at(prev, cur));
        res.push(cur);
      } else if (inside(prev)) res.push(at(prev, cur));
    }
    pts = res;
    if (pts.length === 0) return null;
  }
  const rounded = [];
  for (const p of pts) {
    const q = [round(p[0]), round(p[1])];
    const last = rounded[rounded.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) rounded.push(q);
  }
  if (rounded.length < 3) return null;
  rounded.push(rounded[0]);
  return rounded;
}

// The point where segment a-b crosses the line coordinate[axis] = v.
function cross(a, b, axis, v) {
  const f = (v - a[axis]) / (b[axis] - a[axis]);
  const p = [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])];
  p[axis] = v;
  return p;
}

function clipPolygon(rings, box) {
  const outer = clipRing(rings[0], box);
  if (!outer) return null;
  const holes = rings.slice(1).map((r) => clipRing(r, box)).filter(Boolean);
  return [outer, ...holes];
}

export function clipBasemap(world, box) {
  const features = [];
  for (const f of world.features) {
    const g = f.geometry;
    if (!g) continue;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
    const kept = polys.map((p) => clipPolygon(p, box)).filter(Boolean);
    if (kept.length === 0) continue;
    features.push({
      type: 'Feature',
      properties: { a3: f.properties && f.properties.A3 },
      geometry: { type: 'MultiPolygon', coordinates: kept },
    });
  }
  return { type: 'FeatureCollection', features };
}
