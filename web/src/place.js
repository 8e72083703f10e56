// "Check a place": a click on the map, or coordinates typed (decimal
// degrees, MGRS, UTM), asked of GET /risk/point at the moment shown. The
// answer lists the areas recorded there (hazardous or released) and the
// civilian message; an empty answer says that nothing is recorded, never
// that the place is without danger.
import * as L from 'leaflet';
import * as api from './api.js';
import { t, language } from './i18n.js';
import { h, clear, fill, fmtPoint, fmtTime } from './format.js';
import { parsePlace, CoordError } from './coords.js';
import { areaSummary } from './area.js';

export class PlacePanel {
  constructor(map, els, showError) {
    this.map = map;
    this.els = els; // {form, input, error, result}
    this.showError = showError;
    this.answer = null;
    this.layer = L.layerGroup();
    this.calls = new api.Latest(els.result, showError);
    this.errorKey = null;
    els.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.typed();
    });
  }

  typed() {
    this.errorKey = null;
    try {
      const p = parsePlace(this.els.input.value);
      this.map.setView([p.lat, p.lon], Math.max(this.map.getZoom(), 13));
      return this.check(p.lon, p.lat, this.at);
    } catch (e) {
      if (!(e instanceof CoordError)) throw e;
      this.errorKey = e.key;
      this.render();
      return null;
    }
  }

  check(lon, lat, at) {
    this.at = at;
    this.errorKey = null;
    this.layer.clearLayers();
    L.circleMarker([lat, lon], { pane: 'tools', radius: 7, color: '#000', weight: 2, fillColor: '#fff', fillOpacity: 1, className: 'place-point' }).addTo(this.layer);
    return this.calls.run(
      () => api.riskPoint(lon, lat, at),
      (answer) => {
        this.answer = answer;
        this.render();
      },
    );
  }

  // The moment changed: ask again about the same place.
  refresh(at) {
    this.at = at;
    if (this.answer) return this.check(this.answer.point[0], this.answer.point[1], at);
    return null;
  }

  render() {
    this.els.error.textContent = this.errorKey ? t(this.errorKey) : '';
    const el = clear(this.els.result);
    const a = this.answer;
    if (!a) return;
    el.dataset.count = a.count;
    el.dataset.hazardousCount = a.hazardous_count;
    el.dataset.at = a.at;
    el.dataset.point = a.point.join(',');
    fill(
      el,
      h('h3', {}, t('place.at', { p: fmtPoint(a.point[0], a.point[1]), t: fmtTime(a.at) })),
      a.count === 0
        ? h('p', { id: 'place-nothing' }, t('place.nothing'))
        : [
            h('p', {}, t('place.found', { n: a.hazardous_count })),
            h(
              'ul',
              { class: 'list', id: 'place-areas' },
              a.areas.map((x) =>
                h(
                  'li',
                  { 'data-area-id': x.area_id, 'data-state': x.state, 'data-phase': x.risk ? x.risk.phase : '' },
                  areaSummary(x),
                ),
              ),
            ),
          ],
      h('p', { class: 'civ', 'data-field': 'message', lang: language() }, a.message[language()]),
    );
  }
}
