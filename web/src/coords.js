// "Check a place": read what a person types as a place. Three forms, as
// field reports write them (docs/map.md):
//   decimal degrees, latitude first:   49.615, 36.62 · 49,615; 36,62 · 49.615N 36.62E
//   MGRS:                              37U CQ 28082 98546 · 37UCQ2808298546
//   UTM, zones 34 to 38 north (WGS84): 37U 328082 5498546 · 37N 328082 5498546
// The answer is {lon, lat, form}; a text that is none of them throws a
// CoordError whose key names the message (i18n err.*).
import { toPoint } from 'mgrs';
import proj4 from 'proj4';

export class CoordError extends Error {
  constructor(key) {
    super(key);
    this.key = key;
  }
}

const UTM = /^(\d{1,2})\s*([A-Z])?\s+(\d{5,6}(?:[.,]\d+)?)\s*M?\s*[E]?\s+(\d{6,7}(?:[.,]\d+)?)\s*M?\s*N?$/;
const MGRS = /^(\d{1,2})\s*([C-HJ-NP-X])\s*([A-HJ-NP-Z]{2})\s*((?:\d\s*)*)$/;

export function parsePlace(text) {
  const s = String(text).trim().toUpperCase().replace(/[°º]/g, ' ');
  if (!s) throw new CoordError('err.coords');
  let m = UTM.exec(s);
  if (m) return utm(Number(m[1]), m[2], num(m[3]), num(m[4]));
  m = MGRS.exec(s);
  if (m) return fromMgrs(m);
  return decimal(s);
}

function num(s) {
  return Number(s.replace(',', '.'));
}

function checked(lon, lat, form) {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new CoordError('err.coords');
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) throw new CoordError('err.range');
  return { lon, lat, form };
}

function utm(zone, band, easting, northing) {
  // Bands C to M are south of the equator; this page reads the northern
  // zones over Ukraine only.
  if (zone < 34 || zone > 38 || (band && band < 'N')) throw new CoordError('err.utmZone');
  const [lon, lat] = proj4(`+proj=utm +zone=${zone} +datum=WGS84 +units=m +no_defs`, 'EPSG:4326', [
    easting,
    northing,
  ]);
  return checked(lon, lat, 'utm');
}

function fromMgrs(m) {
  const digits = m[4].replace(/\s+/g, '');
  if (digits.length % 2 !== 0 || digits.length > 10) throw new CoordError('err.coords');
  try {
    const [lon, lat] = toPoint(`${m[1]}${m[2]}${m[3]}${digits}`);
    return checked(lon, lat, 'mgrs');
  } catch (e) {
    if (e instanceof CoordError) throw e;
    throw new CoordError('err.coords');
  }
}

// Two numbers, latitude then longitude, unless hemisphere letters say
// which is which. Separators: ";" or ", " (so that "49,615, 36,62" with
// decimal commas reads), else spaces, else one comma.
function decimal(s) {
  let parts;
  if (s.includes(';')) parts = s.split(';');
  else if (/,\s/.test(s)) parts = s.split(/,\s+/);
  else if (/\s/.test(s)) parts = s.split(/\s+/);
  else parts = s.split(',');
  parts = parts.map((p) => p.trim()).filter(Boolean);
  if (parts.length !== 2) throw new CoordError('err.coords');
  let lat = null;
  let lon = null;
  const bare = [];
  for (const p of parts) {
    const m = /^([NSEW])?\s*([-+]?\d+(?:[.,]\d+)?)\s*([NSEW])?$/.exec(p);
    if (!m || (m[1] && m[3])) throw new CoordError('err.coords');
    const hemi = m[1] || m[3];
    let v = num(m[2]);
    if (hemi === 'S' || hemi === 'W') v = -Math.abs(v);
    if (hemi === 'N' || hemi === 'S') {
      if (lat !== null) throw new CoordError('err.coords');
      lat = v;
    } else if (hemi === 'E' || hemi === 'W') {
      if (lon !== null) throw new CoordError('err.coords');
      lon = v;
    } else bare.push(v);
  }
  for (const v of bare) {
    if (lat === null) lat = v;
    else lon = v;
  }
  return checked(lon, lat, 'degrees');
}
