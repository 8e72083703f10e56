// Small helpers shared by the panels: building DOM nodes, and writing
// times, numbers and places the same way everywhere on the page.
import { language } from './i18n.js';

// h('div', {class: 'x', onclick: f}, child, ...): an element. Children are
// nodes or strings; null and false are skipped; arrays are flattened.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

// fill(el, ...children): append children to el as h() does (arrays
// flattened, null and false skipped).
export function fill(el, ...children) {
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

// A value from the register (an id, a name, an organisation): shown as it
// is in every language, and marked so that the language test knows it.
export function val(text) {
  return h('span', { class: 'v', 'data-value': '' }, text ?? '—');
}

// 2025-06-01T00:00:00Z -> "2025-06-01 00:00 UTC" (the same in both
// languages; the page works in UTC, as the register does).
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export function fmtDate(iso) {
  return iso ? fmtTime(iso).slice(0, 10) : '—';
}

// A number in the page's language, to two significant digits for the
// model's small values (never in exponent notation).
export function fmtNum(n, digits = 2) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  const locale = language() === 'uk' ? 'uk-UA' : 'en-GB';
  if (n !== 0 && Math.abs(n) < 1) {
    return new Intl.NumberFormat(locale, { maximumSignificantDigits: digits }).format(n);
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

export function fmtKm(m) {
  return fmtNum(m / 1000, 2);
}

// [lon, lat] -> "49.61500, 36.62000" (latitude first, as people say it).
export function fmtPoint(lon, lat) {
  return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}

// A small picture (34 x 14, hidden from screen readers, which read the
// words beside it) holding one SVG element: a line or box of a legend.
export function swatch(tag, attrs) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', '34');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  const el = document.createElementNS(ns, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, v);
  svg.append(el);
  return svg;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}
