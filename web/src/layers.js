// The map: the offline basemap, the hazardous areas at the chosen moment
// drawn by phase, the released parts, a symbol on every area whose shape
// is its status (marks.js), and where there is room a label beside it with
// its phase letter and status in words. Every area path and every symbol
// carries data-area-id, data-phase and data-status, every released part
// data-part-id and data-release, so that tests (and assistive tools) can
// read the map.
import * as L from 'leaflet';
import { t } from './i18n.js';
import { PHASE_STYLE, RELEASED_STYLE, phaseOf } from './phases.js';
import { StatusSymbol, SYMBOL_EXTENT, symbolRadius, symbolStyle, statusOf, interiorPoint } from './marks.js';

// Symbols are always drawn: the status is never hidden. Labels are drawn
// when they do not crowd the map: zoomed in, or few areas in view.
const LABEL_ZOOM = 11;
const LABEL_MAX = 150;

export function createMap(el) {
  const map = L.map(el, { attributionControl: false, zoomSnap: 0.5, minZoom: 4, maxZoom: 18, worldCopyJump: false });
  map.createPane('basemap').style.zIndex = 200;
  map.createPane('released').style.zIndex = 450;
  map.createPane('symbols').style.zIndex = 460;
  map.createPane('labels').style.zIndex = 620;
  map.getPane('labels').style.pointerEvents = 'none';
  // The tools' marks (the place checked, the route, a report's point) over
  // everything of the register.
  map.createPane('tools').style.zIndex = 640;
  map.setView([48.5, 31.5], 6);
  return map;
}

// The zoom buttons' titles and labels follow the page's language.
export function translateMap(map) {
  const c = map.getContainer();
  for (const [sel, key] of [['.leaflet-control-zoom-in', 'map.zoomIn'], ['.leaflet-control-zoom-out', 'map.zoomOut']]) {
    const b = c.querySelector(sel);
    if (b) {
      b.title = t(key);
      b.setAttribute('aria-label', t(key));
    }
  }
}

export async function addBasemap(map) {
  const res = await fetch('/map/basemap.geojson');
  if (!res.ok) throw new Error(`basemap: HTTP ${res.status}`);
  L.geoJSON(await res.json(), {
    pane: 'basemap',
    interactive: false,
    style: { color: '#8c8c8c', weight: 1, fillColor: '#f2efe6', fillOpacity: 1 },
  }).addTo(map);
}

// The phase the items API gives an area at an instant.
function featurePhase(f) {
  const p = f.properties || {};
  return phaseOf(p.phase || (p.risk && p.risk.phase));
}

// The words on an area's path and symbol: "ID: phase, status".
function areaLabel(feature, phase) {
  return `${feature.id}: ${t(`phase.${phase}`)}, ${t(`status.${feature.properties.status}`)}`;
}

export class HazardLayers {
  constructor(map, { onAreaClick }) {
    this.map = map;
    this.onAreaClick = onAreaClick;
    this.areas = L.layerGroup().addTo(map);
    this.released = L.layerGroup().addTo(map);
    this.symbols = L.layerGroup().addTo(map);
    this.labels = L.layerGroup().addTo(map);
    this.symbolRenderer = L.svg({ pane: 'symbols' });
    this.labelMax = LABEL_MAX;
    this.features = [];
    this.parts = [];
    map.on('moveend', () => this.drawLabels());
  }

  // Draw the areas and released parts of one moment (features from the
  // items API), replacing the previous moment's.
  show(features, parts) {
    this.features = features;
    this.parts = parts;
    this.redraw();
  }

  redraw() {
    this.areas.clearLayers();
    this.released.clearLayers();
    this.symbols.clearLayers();
    for (const f of this.features) {
      const area = this.areaLayer(f);
      this.areas.addLayer(area);
      const symbol = this.symbolLayer(f, area);
      if (symbol) this.symbols.addLayer(symbol);
    }
    for (const f of this.parts) this.released.addLayer(this.partLayer(f));
    this.drawLabels();
  }

  // The most areas in view that are labelled below LABEL_ZOOM (the tests
  // make it 0 to see the symbols alone).
  setLabelMax(n) {
    this.labelMax = n;
    this.drawLabels();
  }

  areaLayer(feature) {
    const p = feature.properties || {};
    const phase = featurePhase(feature);
    const style = PHASE_STYLE[phase];
    const layer = L.geoJSON(feature, {
      style: {
        color: style.color,
        dashArray: style.dashArray,
        weight: 3,
        fillColor: style.color,
        fillOpacity: 0.25,
        className: `hz hz-${phase}`,
      },
    });
    layer.eachLayer((shape) => {
      shape.on('add', () => {
        const path = shape.getElement();
        path.setAttribute('data-area-id', feature.id);
        path.setAttribute('data-phase', phase);
        path.setAttribute('data-status', p.status || '');
        path.setAttribute('aria-label', areaLabel(feature, phase));
        path.setAttribute('role', 'button');
      });
      shape.on('click', (e) => {
        if (this.onAreaClick(feature, e.latlng)) L.DomEvent.stop(e);
      });
    });
    return layer;
  }

  // The area's status symbol, at a point inside it. In the Area tab a click
  // on it opens the area (easier to hit than an area a few pixels wide);
  // in the other tabs clicks go through it to the map (app.css).
  symbolLayer(feature, area) {
    const bounds = area.getBounds();
    if (!bounds.isValid()) return null;
    const phase = featurePhase(feature);
    const status = feature.properties.status || '';
    const symbol = new StatusSymbol(interiorPoint(feature.geometry) || bounds.getCenter(), {
      ...symbolStyle(phase),
      status: statusOf(status),
      renderer: this.symbolRenderer,
      className: `hz-sym hz-sym-${statusOf(status)}`,
    });
    symbol.feature = feature;
    symbol.bounds = bounds;
    symbol.on('add', () => {
      const path = symbol.getElement();
      path.setAttribute('data-area-id', feature.id);
      path.setAttribute('data-phase', phase);
      path.setAttribute('data-status', status);
      path.setAttribute('aria-label', areaLabel(feature, phase));
    });
    symbol.on('click', (e) => {
      if (this.onAreaClick(feature, e.latlng)) L.DomEvent.stop(e);
    });
    return symbol;
  }

  partLayer(feature) {
    const p = feature.properties || {};
    const layer = L.geoJSON(feature, {
      pane: 'released',
      style: {
        color: RELEASED_STYLE.color,
        dashArray: RELEASED_STYLE.dashArray,
        weight: 1.5,
        fillColor: 'url(#hatch)',
        fillOpacity: 0.9,
        className: 'rp',
      },
    });
    layer.eachLayer((shape) => {
      shape.on('add', () => {
        const path = shape.getElement();
        path.setAttribute('data-part-id', feature.id);
        path.setAttribute('data-of-area', p.area_id || '');
        path.setAttribute('data-release', p.release || '');
      });
      shape.on('click', (e) => {
        if (this.onAreaClick({ id: p.area_id, properties: {} }, e.latlng)) L.DomEvent.stop(e);
      });
    });
    return layer;
  }

  // Labels beside the symbols of the areas in view, when there is room:
  // zoomed in or few areas in view, and then only where a label covers no
  // other area's symbol and no label drawn before it (there the symbol
  // alone says the status). #map carries data-labels: "1" when labels are
  // drawn, "0" when the symbols alone say the status.
  drawLabels() {
    this.labels.clearLayers();
    const view = this.map.getBounds();
    const inView = [];
    this.symbols.eachLayer((symbol) => {
      if (view.intersects(symbol.bounds)) inView.push(symbol);
    });
    const room = this.map.getZoom() >= LABEL_ZOOM || inView.length <= this.labelMax;
    this.map.getContainer().dataset.labels = room ? '1' : '0';
    if (!room) return;
    const drawn = inView.map((symbol) => {
      const f = symbol.feature;
      const phase = featurePhase(f);
      const span = document.createElement('span');
      span.dataset.areaId = f.id;
      span.dataset.phase = phase;
      const letter = document.createElement('b');
      letter.textContent = t(`phase.letter.${phase}`);
      span.append(letter, ` ${t(`status.${f.properties.status}`)}`);
      const icon = L.divIcon({ className: 'hz-label', html: span, iconSize: null });
      const label = L.marker(symbol.getLatLng(), { icon, pane: 'labels', interactive: false, keyboard: false });
      this.labels.addLayer(label);
      return label;
    });
    // Where they stand on the screen: the labels as laid out, the symbols
    // from their points (their paths may not be redrawn for this view yet).
    const labelBox = drawn.map((label) => label.getElement().firstChild.getBoundingClientRect());
    const origin = this.map.getContainer().getBoundingClientRect();
    const r = SYMBOL_EXTENT * symbolRadius(this.map.getZoom());
    const symbolBox = inView.map((symbol) => {
      const p = this.map.latLngToContainerPoint(symbol.getLatLng());
      const [x, y] = [origin.left + p.x, origin.top + p.y];
      return { left: x - r, right: x + r, top: y - r, bottom: y + r };
    });
    const kept = [];
    drawn.forEach((label, i) => {
      const box = labelBox[i];
      if (symbolBox.some((b, j) => j !== i && overlap(box, b)) || kept.some((k) => overlap(box, labelBox[k]))) {
        this.labels.removeLayer(label);
      } else kept.push(i);
    });
  }
}

// Two boxes on the screen share some area (boxes of no size share none).
function overlap(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
