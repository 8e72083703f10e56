// "Check a route": clicks on the map make a line, a corridor width is set,
// and POST /risk/route says which areas the corridor meets at the moment
// shown, in order along the route, with where it enters and leaves each
// (metres along the route) or how far it passes. A dot marks each entry on
// the line (placed in proportion along the drawn line; the list holds the
// register's geodesic figures).
import * as L from 'leaflet';
import * as api from './api.js';
import { t } from './i18n.js';
import { h, clear, fill, fmtKm, fmtNum } from './format.js';
import { areaSummary } from './area.js';

export class RoutePanel {
  constructor(map, els, showError) {
    this.map = map;
    this.els = els; // {width, points, check, undo, clear, error, result}
    this.showError = showError;
    this.points = []; // [lon, lat]
    this.answer = null;
    this.errorKey = null;
    this.layer = L.layerGroup();
    this.calls = new api.Latest(els.result, showError);
    els.check.addEventListener('click', () => this.check(this.at));
    els.undo.addEventListener('click', () => {
      this.points.pop();
      this.changed();
    });
    els.clear.addEventListener('click', () => {
      this.points = [];
      this.changed();
    });
  }

  add(lon, lat) {
    this.points.push([lon, lat]);
    this.changed();
  }

  changed() {
    this.answer = null;
    this.errorKey = null;
    this.draw();
    this.render();
  }

  draw() {
    this.layer.clearLayers();
    const latlngs = this.points.map(([lon, lat]) => [lat, lon]);
    if (latlngs.length > 1) L.polyline(latlngs, { pane: 'tools', color: '#000', weight: 3, className: 'route-line' }).addTo(this.layer);
    for (const ll of latlngs) L.circleMarker(ll, { pane: 'tools', radius: 4, color: '#000', fillColor: '#fff', fillOpacity: 1, weight: 2 }).addTo(this.layer);
    if (!this.answer || latlngs.length < 2) return;
    const along = cumulative(this.map, latlngs);
    for (const a of this.answer.areas) {
      if (a.enter_m === undefined || a.enter_m === null) continue;
      const at = pointAlong(latlngs, along, (a.enter_m / this.answer.length_m) * along[along.length - 1]);
      L.circleMarker(at, { pane: 'tools', radius: 6, color: '#000', fillColor: '#D55E00', fillOpacity: 1, weight: 2, className: 'route-entry' }).addTo(this.layer);
    }
  }

  check(at) {
    this.at = at;
    this.errorKey = null;
    if (this.points.length < 2) {
      this.errorKey = 'err.routeShort';
      this.render();
      return null;
    }
    return this.calls.run(
      () => api.riskRoute(this.points, Number(this.els.width.value), at),
      (answer) => {
        this.answer = answer;
        this.draw();
        this.render();
      },
    );
  }

  refresh(at) {
    this.at = at;
    if (this.answer) return this.check(at);
    return null;
  }

  render() {
    this.els.points.textContent = t('route.points', { n: this.points.length });
    this.els.error.textContent = this.errorKey ? t(this.errorKey) : '';
    const el = clear(this.els.result);
    const a = this.answer;
    if (!a) {
      delete el.dataset.count;
      return;
    }
    el.dataset.count = a.count;
    fill(
      el,
      h('p', {}, t('route.length', { km: fmtKm(a.length_m) })),
      a.count === 0
        ? h('p', { id: 'route-nothing' }, t('route.nothing'))
        : [
            h('p', {}, t('route.found', { n: a.count })),
            h(
              'ol',
              { class: 'list', id: 'route-areas' },
              a.areas.map((x) =>
                h(
                  'li',
                  { 'data-area-id': x.area_id, 'data-state': x.state, 'data-enter-m': x.enter_m, 'data-leave-m': x.leave_m },
                  areaSummary(x),
                  h('br'),
                  t('route.where', { a: fmtKm(x.enter_m), b: fmtKm(x.leave_m) }),
                  ' · ',
                  x.distance_m > 0 ? t('route.distance', { m: fmtNum(x.distance_m, 0) }) : t('route.enters'),
                ),
              ),
            ),
          ],
    );
  }
}

function cumulative(map, latlngs) {
  const d = [0];
  for (let i = 1; i < latlngs.length; i++) d.push(d[i - 1] + map.distance(latlngs[i - 1], latlngs[i]));
  return d;
}

function pointAlong(latlngs, along, m) {
  for (let i = 1; i < latlngs.length; i++) {
    if (m <= along[i] || i === latlngs.length - 1) {
      const seg = along[i] - along[i - 1];
      const f = seg > 0 ? Math.min(1, Math.max(0, (m - along[i - 1]) / seg)) : 0;
      const [a0, a1] = latlngs[i - 1];
      const [b0, b1] = latlngs[i];
      return [a0 + f * (b0 - a0), a1 + f * (b1 - a1)];
    }
  }
  return latlngs[0];
}
