// The map page of hazreg (docs/map.md), served by "hazreg serve" at / with
// its files under /map/. It shows the register's hazardous areas at a
// chosen moment, coloured by the residual-risk model's phase with the
// status beside it, and offers the public's three questions: is this place
// hazardous, which areas does this route pass, and "I found something".
//
// State the tests read: #map[data-loaded-at] is the instant whose layers
// are drawn (data-loading="1" while loading, data-count the areas drawn);
// the panels carry data-* attributes described in their modules.
// location.hash may hold at=<RFC 3339>, limit=<page size>, report=<id>.
import 'leaflet/dist/leaflet.css';
import './app.css';
import * as api from './api.js';
import { t, setLanguage, language, preferredLanguage, translateStatic, dict } from './i18n.js';
import { h, val, clear, swatch } from './format.js';
import { PHASES, PHASE_STYLE } from './phases.js';
import { createMap, addBasemap, translateMap, HazardLayers } from './layers.js';
import { STATUSES, legendSymbol } from './marks.js';
import { TimeControl, fromInput } from './time.js';
import { AreaPanel, phaseBadge } from './area.js';
import { PlacePanel } from './place.js';
import { RoutePanel } from './route.js';
import { ReportPanel } from './report.js';

const $ = (id) => document.getElementById(id);
const hash = new URLSearchParams(location.hash.slice(1));
const PAGE_LIMIT = Math.max(1, Number(hash.get('limit')) || 1000);

let mode = 'area';
let loadSeq = 0;
let errorShown = null;

const mapEl = $('map');
const map = createMap(mapEl);
const status = $('t-status');

function showError(e) {
  errorShown = e;
  renderStatus();
}

function renderStatus() {
  clear(status);
  if (errorShown) {
    status.className = 'error';
    const detail = errorShown.body && errorShown.body.description;
    if (detail) status.append(t('err.detail', { detail: '' }), val(detail));
    else status.append(t('err.network'));
  } else {
    status.className = '';
    status.append(mapEl.dataset.loading === '1' ? t('time.loading') : t('time.shown', { n: mapEl.dataset.count || 0 }));
  }
}

const areaPanel = new AreaPanel($('area'), showError);
const layers = new HazardLayers(map, {
  // A click on an area opens it in the area tab; in the other tabs the
  // click goes on to the map (a place, a route point, a report point).
  onAreaClick(feature, latlng) {
    if (mode !== 'area') return false;
    areaPanel.open(feature.id, latlng.lng, latlng.lat, time.iso(), feature);
    return true;
  },
});
const place = new PlacePanel(
  map,
  { form: $('place-form'), input: $('place-input'), error: $('place-error'), result: $('place-result') },
  showError,
);
const route = new RoutePanel(
  map,
  {
    width: $('route-width'), points: $('route-points'), check: $('route-check'), undo: $('route-undo'),
    clear: $('route-clear'), error: $('route-error'), result: $('route-result'),
  },
  showError,
);
const report = new ReportPanel(
  map,
  {
    form: $('report-form'), point: $('report-point'), description: $('report-description'), contact: $('report-contact'),
    error: $('report-error'), result: $('report-result'), follow: $('follow-form'), followId: $('follow-id'), status: $('report-status'),
  },
  showError,
);

map.on('click', (e) => {
  const { lng, lat } = e.latlng;
  if (mode === 'place') place.check(lng, lat, time.iso());
  else if (mode === 'route') route.add(lng, lat);
  else if (mode === 'report') report.choose(lng, lat);
});

// Load the areas hazardous at the instant, and the parts released by then,
// following the items API's pages.
async function load(at) {
  const seq = ++loadSeq;
  mapEl.dataset.loading = '1';
  errorShown = null;
  renderStatus();
  try {
    const [areas, parts] = await Promise.all([
      api.allItems('hazardous_areas', { datetime: at }, PAGE_LIMIT),
      api.allItems('release_parts', { datetime: `../${at}` }, PAGE_LIMIT),
    ]);
    if (seq !== loadSeq) return;
    layers.show(areas.features, parts.features);
    mapEl.dataset.count = String(areas.features.length);
    mapEl.dataset.loadedAt = at;
    mapEl.dataset.loading = '0';
    renderStatus();
  } catch (e) {
    if (seq !== loadSeq) return;
    mapEl.dataset.loading = '0';
    showError(e);
  }
}

function moved(at) {
  place.at = at;
  route.at = at;
  load(at);
  areaPanel.refresh(at);
  place.refresh(at);
  route.refresh(at);
}

const time = new TimeControl({ input: $('t-input'), slider: $('t-slider'), now: $('t-now') }, moved);
place.at = route.at = time.iso();

// The open tab decides what a click on the map does, and which tool's
// marks (the place checked, the route, the report's point) are shown.
const marks = { place: place.layer, route: route.layer, report: report.layer };
function selectTab(name) {
  mode = name;
  for (const [tab, layer] of Object.entries(marks)) {
    if (tab === name) layer.addTo(map);
    else layer.remove();
  }
  document.body.className = `mode-${name}`;
  for (const b of document.querySelectorAll('[role=tab]')) {
    const on = b.dataset.tab === name;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
    $(`pane-${b.dataset.tab}`).hidden = !on;
  }
}
for (const b of document.querySelectorAll('[role=tab]')) b.addEventListener('click', () => selectTab(b.dataset.tab));

function renderLegend() {
  const ul = clear($('legend'));
  for (const p of PHASES) {
    ul.append(h('li', { 'data-phase': p, 'data-color': PHASE_STYLE[p].color }, phaseBadge(p), h('span', { class: 'about' }, t(`phase.about.${p}`))));
  }
  ul.append(
    h(
      'li',
      { 'data-phase': 'released' },
      h('span', { class: 'badge' }, swatch('rect', { x: 1, y: 1, width: 32, height: 12, fill: 'url(#hatch)', stroke: '#222', 'stroke-dasharray': '1 3' }), t('legend.released')),
      h('span', { class: 'about' }, t('legend.released.about')),
    ),
  );
  // The status symbols: the shape alone, grey.
  const st = clear($('legend-status'));
  for (const s of STATUSES) {
    st.append(h('li', { 'data-status': s }, h('span', { class: 'badge' }, legendSymbol(s), t(`status.${s}`)), h('span', { class: 'about' }, t(`status.about.${s}`))));
  }
}

// Everything with words is drawn again in the new language; the civilian
// messages are in the answers already (the API gives both).
function applyLanguage(lang) {
  setLanguage(lang);
  document.documentElement.lang = language();
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === language()));
  translateStatic(document);
  translateMap(map);
  renderLegend();
  renderStatus();
  layers.redraw();
  areaPanel.render();
  place.render();
  route.render();
  report.render();
}

for (const b of document.querySelectorAll('[data-lang]')) {
  b.addEventListener('click', () => {
    try {
      localStorage.setItem('hazreg.lang', b.dataset.lang);
    } catch {
      // storage may be off; the choice then lasts as long as the page
    }
    applyLanguage(b.dataset.lang);
  });
}

let chosen = null;
try {
  chosen = localStorage.getItem('hazreg.lang');
} catch {
  chosen = null;
}
applyLanguage(chosen && dict[chosen] ? chosen : preferredLanguage(navigator.languages || [navigator.language]));
selectTab('area');

// For tests and for the curious: the map, its layers and the dictionaries.
window.hazreg = { map, layers, dict, language };

async function start() {
  try {
    await addBasemap(map);
  } catch (e) {
    showError(e);
  }
  try {
    const c = await api.collection('hazardous_areas');
    const bbox = c.extent && c.extent.spatial && c.extent.spatial.bbox && c.extent.spatial.bbox[0];
    if (bbox && bbox.length === 4 && bbox[0] <= bbox[2]) {
      map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { padding: [20, 20], maxZoom: 13 });
    }
    const from = c.extent && c.extent.temporal && c.extent.temporal.interval && c.extent.temporal.interval[0][0];
    if (from) time.setSpan(Date.parse(from) - 30 * 24 * 3600e3, time.end);
  } catch (e) {
    showError(e);
  }
  const at = hash.get('at');
  if (at && Number.isFinite(Date.parse(at))) time.set(Date.parse(at), false);
  else if (at && Number.isFinite(fromInput(at))) time.set(fromInput(at), false);
  const id = hash.get('report');
  if (id) {
    selectTab('report');
    $('follow-id').value = id;
    report.follow(id);
  }
  moved(time.iso());
}

start();
