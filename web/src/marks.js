// The symbol that stands for a hazardous area on the map, at every zoom:
// its shape tells the area's status, its colour and the pattern of its
// outline tell the phase (phases.js). So the status is read without colour,
// and without clicking, however far out the map is. Symbols are paths of
// Leaflet's SVG renderer, a few pixels wide at any zoom: thousands of them
// draw as quickly as the areas themselves.
import * as L from 'leaflet';
import { PHASE_STYLE, phaseOf } from './phases.js';

export const STATUSES = ['open', 'worked_on', 'closed'];

// A status the page does not know is drawn as "open", the register's
// default for an area (docs/formats.md).
export function statusOf(s) {
  return STATUSES.includes(s) ? s : 'open';
}

// The outline of a status's shape around (x, y), r pixels from the middle
// to the sides, told apart by outline alone: open a triangle (point up),
// being worked on a diamond, closed a square. None reaches further than
// SYMBOL_EXTENT * r from the middle, outline included.
export const SYMBOL_EXTENT = 1.3;
export function shapePath(status, x, y, r) {
  const f = (n) => Math.round(n * 10) / 10;
  switch (statusOf(status)) {
    case 'worked_on':
      return `M${f(x)} ${f(y - 1.2 * r)}L${f(x + 1.2 * r)} ${f(y)}L${f(x)} ${f(y + 1.2 * r)}L${f(x - 1.2 * r)} ${f(y)}Z`;
    case 'closed':
      return `M${f(x - 0.85 * r)} ${f(y - 0.85 * r)}H${f(x + 0.85 * r)}V${f(y + 0.85 * r)}H${f(x - 0.85 * r)}Z`;
    default:
      return `M${f(x)} ${f(y - 1.15 * r)}L${f(x + 1.15 * r)} ${f(y + 0.85 * r)}L${f(x - 1.15 * r)} ${f(y + 0.85 * r)}Z`;
  }
}

// The pixels from a symbol's middle to its sides: 8, and less when the map
// is zoomed out to where areas crowd (the whole front at once: 4.5 at zoom
// 6, the view of a phone), so that neighbours overlap less.
export const SYMBOL_R = 8;
export function symbolRadius(zoom) {
  return Math.min(SYMBOL_R, Math.max(4.5, zoom - 1.5));
}

// How a symbol of the phase is painted: the phase's colour, a dark outline
// in the phase's pattern (symbolDash: the areas' dashes at this scale).
export function symbolStyle(phase) {
  const s = PHASE_STYLE[phaseOf(phase)];
  return { color: '#1a1a1a', weight: 1.6, dashArray: s.symbolDash, fillColor: s.color, fillOpacity: 1, opacity: 1 };
}

// A status symbol on the map: a circle marker (a point with a size in
// pixels, which the SVG renderer places at every zoom) drawn as its shape.
export const StatusSymbol = L.CircleMarker.extend({
  options: { radius: SYMBOL_R, status: 'open' },
  _project() {
    this._radius = symbolRadius(this._map.getZoom());
    L.CircleMarker.prototype._project.call(this);
  },
  _updatePath() {
    const d = this._empty() ? 'M0 0' : shapePath(this.options.status, this._point.x, this._point.y, this._radius);
    this._renderer._setPath(this, d);
  },
});

// A symbol for the legend: the shape alone, grey.
export function legendSymbol(status) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  for (const [k, v] of Object.entries({ width: 22, height: 22, viewBox: '0 0 22 22', 'aria-hidden': 'true', focusable: 'false' })) svg.setAttribute(k, v);
  const path = document.createElementNS(ns, 'path');
  for (const [k, v] of Object.entries({ d: shapePath(status, 11, 11, SYMBOL_R), fill: '#9a9a9a', stroke: '#1a1a1a', 'stroke-width': 1.6 })) path.setAttribute(k, v);
  svg.append(path);
  return svg;
}

// A point inside the area (GeoJSON Polygon or MultiPolygon; its largest
// polygon), as [lat, lng] for Leaflet: the middle of its bounding box when
// that is inside, otherwise the middle of the widest stretch of the
// horizontal line through it that is inside. The symbol is drawn there, so
// it never stands outside its area, and a click on it asks about a place of
// the area. Null for a geometry that is not a polygon.
export function interiorPoint(geometry) {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return null;
  const polys = geometry.type === 'MultiPolygon' ? geometry.coordinates : [geometry.coordinates];
  let rings = null;
  let best = -1;
  for (const p of polys) {
    if (!p || !p[0] || p[0].length < 4) continue;
    const b = box(p[0]);
    const a = (b[2] - b[0]) * (b[3] - b[1]);
    if (a > best) [best, rings] = [a, p];
  }
  if (!rings) return null;
  const [x0, y0, x1, y1] = box(rings[0]);
  const x = (x0 + x1) / 2;
  const y = (y0 + y1) / 2;
  // Where the line at latitude y crosses the rings (holes included): the
  // stretches between crossings 0-1, 2-3, ... are inside.
  const xs = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[j];
      const [bx, by] = ring[i];
      if (ay > y !== by > y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
    }
  }
  xs.sort((a, b) => a - b);
  let pick = null;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    if (xs[i] <= x && x <= xs[i + 1]) return [y, x];
    if (!pick || xs[i + 1] - xs[i] > pick[1] - pick[0]) pick = [xs[i], xs[i + 1]];
  }
  return pick ? [y, (pick[0] + pick[1]) / 2] : [y, x];
}

function box(ring) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return [x0, y0, x1, y1];
}
