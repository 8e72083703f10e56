// The area panel: what a click on an area shows. Its facts and the model's
// answer at the moment shown come from GET /risk/point at the clicked place
// (so the civilian message is the one for that place), the history from
// GET /areas/{id}/history, the decay chart from GET /risk/timeline. The
// status is always shown beside the phase: the model never changes it.
import * as api from './api.js';
import { t, language } from './i18n.js';
import { h, val, clear, fill, swatch, fmtDate, fmtNum, fmtTime } from './format.js';
import { PHASE_STYLE, phaseOf } from './phases.js';
import { decayChart } from './decay.js';

export function phaseBadge(phase) {
  const p = phaseOf(phase);
  const s = PHASE_STYLE[p];
  const svg = swatch('line', { x1: 1, y1: 7, x2: 33, y2: 7, stroke: s.color, 'stroke-width': 4, 'stroke-dasharray': s.dashArray });
  return h(
    'span',
    { class: 'badge', 'data-phase': p },
    svg,
    h('span', { class: 'letter', style: `background:${s.color}` }, t(`phase.letter.${p}`)),
    t(`phase.${p}`),
  );
}

// One area of a point or route answer, in a list: id and name, its state
// there (and when and how it was released), its status and phase.
export function areaSummary(x) {
  return [
    val(x.area_id),
    x.name ? [' · ', val(x.name)] : null,
    h('br'),
    h('strong', {}, t(`state.${x.state}`)),
    x.state === 'released' && x.released_at
      ? [' ', t('place.releasedOn', { t: fmtTime(x.released_at), how: t(`release.${x.release}`) })]
      : null,
    ' · ',
    t(`status.${x.status}`),
    x.risk && x.state === 'hazardous' ? [' · ', phaseBadge(x.risk.phase)] : null,
  ];
}

// "np-sd-48h: 12, confirmed, emplaced 2024-11-25 – 2024-11-26"
function device(c) {
  const count = c.count === 'unknown' || c.count === undefined ? t('device.unknown') : t('device.count', { n: c.count });
  const parts = [count, t(c.confirmed ? 'device.confirmed' : 'device.suspected')];
  if (c.emplaced_earliest && c.emplaced_latest) {
    parts.push(t('device.emplaced', { a: fmtTime(c.emplaced_earliest), b: fmtTime(c.emplaced_latest) }));
  } else if (c.emplaced_earliest) parts.push(t('device.emplacedFrom', { a: fmtTime(c.emplaced_earliest) }));
  return h('li', { 'data-class': c.class }, val(c.class), ': ', parts.join(', '));
}

function bound(v) {
  return v.at_least ? t('area.atLeast') : null;
}

function bounds(title, field, b) {
  return [
    h('dt', {}, title),
    h(
      'dd',
      {},
      h('div', { 'data-field': `${field}-optimistic` }, `${t('area.optimistic')}: `, bound(b) || fmtNum(b.optimistic)),
      h('div', { 'data-field': `${field}-conservative` }, `${t('area.conservative')}: `, bound(b) || fmtNum(b.conservative)),
    ),
  ];
}

function windowText(risk) {
  if (!risk.sd_window_start) return t('area.none');
  if (risk.sd_window_start === risk.sd_window_end) return fmtTime(risk.sd_window_start);
  return `${fmtTime(risk.sd_window_start)} – ${fmtTime(risk.sd_window_end)}`;
}

// One record of GET /areas/{id}/history, said in the page's language: its
// date, kind, organisation and the public facts it set.
function historyFacts(r) {
  const f = r.fields || {};
  const out = [];
  if (f.classification) out.push(t(`class.${f.classification}`));
  if (f.status) out.push(`${t('area.status').toLowerCase()}: ${t(`status.${f.status}`)}`);
  if (f.release) out.push(t(`release.${f.release}`));
  if (f.released_at) out.push(fmtDate(f.released_at));
  if (f.category) out.push(t(`category.${f.category}`));
  if (f.condition) out.push(t(`condition.${f.condition}`));
  if (f.found_at) out.push(fmtDate(f.found_at));
  if (f.items_found !== undefined && f.items_found !== null) out.push(t('history.itemsFound', { n: f.items_found }));
  if (f.held_at) out.push(fmtDate(f.held_at));
  return out.join(', ');
}

function historyList(hist) {
  if (!hist || !hist.records || hist.records.length === 0) return h('p', {}, t('area.historyNone'));
  const known = ['area', 'release', 'item', 'accident', 'eore', 'report', 'class'];
  return [
    h('p', {}, t('area.historyCount', { n: hist.records.length })),
    h(
      'ul',
      { class: 'list', id: 'area-history' },
      hist.records.map((r) =>
        h(
          'li',
          { 'data-kind': r.kind, 'data-index': r.index },
          fmtDate(r.date_of_information),
          ' · ',
          t(known.includes(r.kind) ? `kind.${r.kind}` : 'kind.other'),
          r.id && r.kind !== 'area' ? [' ', val(r.id)] : null,
          r.org ? [' · ', val(r.org)] : null,
          historyFacts(r) ? `: ${historyFacts(r)}` : null,
        ),
      ),
    ),
  ];
}

export class AreaPanel {
  constructor(el, showError) {
    this.el = el;
    this.showError = showError;
    this.data = null;
    this.seq = 0;
  }

  // Show area `id` as it stands at `at`, from a click at lon/lat.
  async open(id, lon, lat, at, feature) {
    const seq = ++this.seq;
    this.el.dataset.loading = '1';
    const [point, hist, line] = await Promise.allSettled([
      api.riskPoint(lon, lat, at),
      api.history(id),
      api.timeline(id),
    ]);
    if (seq !== this.seq) return;
    if (point.status === 'rejected') {
      this.showError(point.reason);
      this.el.dataset.loading = '0';
      return;
    }
    const entry = point.value.areas.find((a) => a.area_id === id);
    this.data = {
      id, lon, lat, at,
      point: point.value,
      area: entry || { area_id: id, ...((feature && feature.properties) || {}) },
      history: hist.status === 'fulfilled' ? hist.value : null,
      timeline: line.status === 'fulfilled' ? line.value : null,
    };
    if (hist.status === 'rejected') this.showError(hist.reason);
    else if (line.status === 'rejected') this.showError(line.reason);
    this.render();
    this.el.dataset.loading = '0';
  }

  // The moment changed: the same place, the new moment.
  refresh(at) {
    if (this.data) return this.open(this.data.id, this.data.lon, this.data.lat, at);
    return null;
  }

  render() {
    clear(this.el);
    const d = this.data;
    if (!d) {
      delete this.el.dataset.areaId;
      return;
    }
    const a = d.area;
    const risk = a.risk || null;
    this.el.dataset.areaId = d.id;
    this.el.dataset.phase = risk ? phaseOf(risk.phase) : '';
    this.el.dataset.state = a.state || '';
    const canvas = h('canvas', { id: 'decay-chart' });
    fill(
      this.el,
      h('h2', {}, val(d.id), a.name ? [' · ', val(a.name)] : null),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, t('area.status')),
        h('dd', { 'data-field': 'status' }, a.status ? t(`status.${a.status}`) : '—'),
        risk ? [h('dt', {}, t('area.phase', { t: fmtTime(d.at) })), h('dd', { 'data-field': 'phase' }, phaseBadge(risk.phase))] : null,
        a.state ? [h('dt', {}, t('area.state')), h('dd', { 'data-field': 'state' }, t(`state.${a.state}`))] : null,
        h('dt', {}, t('area.classification')),
        h('dd', { 'data-field': 'classification' }, a.classification ? t(`class.${a.classification}`) : '—'),
        h('dt', {}, t('area.org')),
        h('dd', {}, val(a.org)),
        h('dt', {}, t('area.doi')),
        h('dd', {}, fmtDate(a.date_of_information)),
        h('dt', {}, t('area.since')),
        h('dd', {}, fmtTime(a.hazard_from)),
        h('dt', {}, t('area.devices')),
        h('dd', {}, h('ul', { class: 'list', 'data-field': 'devices' }, (a.contamination || []).map(device))),
        a.released_parts ? [h('dt', {}, t('area.releasedParts')), h('dd', {}, a.released_parts)] : null,
        risk ? bounds(t('area.expected'), 'expected', risk.expected_live) : null,
        risk ? bounds(t('area.pany'), 'pany', risk.p_any_live) : null,
        risk ? [h('dt', {}, t('area.sd')), h('dd', { 'data-field': 'sd' }, windowText(risk))] : null,
        risk ? [h('dt', {}, t('area.sda')), h('dd', { 'data-field': 'sda' }, risk.sda_deadline ? fmtTime(risk.sda_deadline) : t('area.none'))] : null,
      ),
      risk && risk.threshold
        ? h(
            'p',
            {},
            risk.threshold.never
              ? t('area.never', { n: fmtNum(risk.threshold.devices) })
              : risk.threshold.below_at
                ? t('area.below', { n: fmtNum(risk.threshold.devices), t: fmtTime(risk.threshold.below_at) })
                : null,
          )
        : null,
      h('p', { class: 'note' }, t('area.modelNote')),
      h('h3', {}, t('area.message')),
      h('p', { class: 'civ', 'data-field': 'message', lang: language() }, d.point.message[language()]),
      d.timeline ? [h('h3', {}, t('area.chart')), h('div', { class: 'chart-box' }, canvas)] : null,
      h('h3', {}, t('area.history')),
      historyList(d.history),
    );
    if (d.timeline) decayChart(canvas, d.timeline, risk, d.at);
  }
}
