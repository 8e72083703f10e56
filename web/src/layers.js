// The map: the offline basemap, the hazardous areas at the chosen moment
// drawn by phase, the released parts, and a label on each area with its
// phase letter and status. Every area path carries data-area-id,
// data-phase and data-status, every released part data-part-id and
// data-release, so that tests (and assistive tools) can read the map.
import * as L from 'leaflet';
import { t } from './i18n.js';
import { PHASE_STYLE, RELEASED_STYLE, phaseOf } from './phases.js';

// Labels are drawn when they do not crowd the map: zoomed in, or few areas
// in view.
const LABEL_ZOOM = 11;
const LABEL_MAX = 150;

export function createMap(el) {
  const map = L.map(el, { attributionControl: false, zoomSnap: 0.5, minZoom: 4, maxZoom: 18, worldCopyJump: false });
  map.createPane('basemap').style.zIndex = 200;
  map.createPane('released').style.zIndex = 450;
  map.createPane('labels').style.zIndex = 620;
  map.getPane('labels').style.pointerEvents = 'none';
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

export class HazardLayers {
  constructor(map, { onAreaClick }) {
    this.map = map;
    this.onAreaClick = onAreaClick;
    this.areas = L.layerGroup().addTo(map);
    this.released = L.layerGroup().addTo(map);
    this.labels = L.layerGroup().addTo(map);
    this.features = [];
    this.parts = [];
    map.on('moveend zoomend', () => this.drawLabels());
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
    for (const f of this.features) this.areas.addLayer(this.areaLayer(f));
    for (const f of this.parts) this.released.addLayer(this.partLayer(f));
    this.drawLabels();
  }

  areaLayer(feature) {
    const p = feature.properties || {};
    const phase = phaseOf(p.phase || (p.risk && p.risk.phase));
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
        path.setAttribute('aria-label', `${feature.id}: ${t(`phase.${phase}`)}, ${t(`status.${p.status}`)}`);
        path.setAttribute('role', 'button');
      });
      shape.on('click', (e) => {
        if (this.onAreaClick(feature, e.latlng)) L.DomEvent.stop(e);
      });
    });
    return layer;
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

  drawLabels() {
    this.labels.clearLayers();
    const view = this.map.getBounds();
    const inView = [];
    this.areas.eachLayer((group) => {
      group.eachLayer((shape) => {
        if (view.intersects(shape.getBounds())) inView.push(shape);
      });
    });
    if (this.map.getZoom() < LABEL_ZOOM && inView.length > LABEL_MAX) return;
    for (const shape of inView) {
      const f = shape.feature;
      const phase = phaseOf(f.properties.phase || (f.properties.risk && f.properties.risk.phase));
      const span = document.createElement('span');
      span.dataset.areaId = f.id;
      span.dataset.phase = phase;
      const letter = document.createElement('b');
      letter.textContent = t(`phase.letter.${phase}`);
      span.append(letter, ` ${t(`status.${f.properties.status}`)}`);
      const icon = L.divIcon({ className: 'hz-label', html: span, iconSize: null });
      this.labels.addLayer(L.marker(shape.getBounds().getCenter(), { icon, pane: 'labels', interactive: false, keyboard: false }));
    }
  }
}
