// tests/web/map.test.mjs - the map page in a real browser (Debian's
// Chromium, driven by playwright-core), against "hazreg serve --web" over
// the register of tests/data/web/register.geojson. Run by
// tests/scripts/web_map.sh, which sets:
//   HR_WEB_URL     the server's URL
//   HR_ARTIFACTS   where screenshots go (BUILD/test-artifacts/web)
//   HR_SRC         the source tree (for web/node_modules and web/src)
//   HR_TEST_TMP    scratch space (browser profiles)
// Every expectation about hazards is asked of the API at the same moment
// (items, /risk/point, /risk/route, /risk/timeline), so the page is held
// to the register's answers, not to numbers copied here. Waits are for
// conditions on the page (data-* attributes), never for a time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SRC = need('HR_SRC');
const BASE = need('HR_WEB_URL').replace(/\/$/, '');
const ART = need('HR_ARTIFACTS');
const TMP = need('HR_TEST_TMP');
mkdirSync(ART, { recursive: true });

const require = createRequire(join(SRC, 'web/package.json'));
const { chromium } = require('playwright-core');
const { dict } = await import(pathToFileURL(join(SRC, 'web/src/i18n.js')));

// The moments of the test register (tests/data/web/register.geojson):
// WEB-HA-01 (np-sd-48h, emplaced 2025-05-01 00:00–06:00) is decaying at T1
// and residual at T2 (its SDA deadline is 2025-08-29 06:00); WEB-HA-04 is
// released whole on 2025-09-01; WEB-HA-03's devices are emplaced 2025-07-01;
// part WEB-RP-01 of WEB-HA-02 is cancelled on 2025-06-15. At T1 the three
// areas drawn have the three statuses (WEB-HA-01 is being worked on,
// WEB-HA-02 open, WEB-HA-04 closed but not released).
const T1 = '2025-06-01T00:00:00Z';
const T2 = '2025-10-01T00:00:00Z';
const IN_HA01 = [36.625, 49.615]; // lon, lat
const IN_RP01 = [36.71, 49.615];
const NOWHERE = [36.95, 49.9];

const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run tests/scripts/web_map.sh)`);
  return v;
}

async function api(path, init) {
  const res = await fetch(BASE + path, { headers: { Accept: 'application/json' }, ...init });
  assert.ok(res.ok, `${path}: HTTP ${res.status}`);
  return res.json();
}

// A fresh profile (--user-data-dir) for every browser this test starts.
async function launch(options) {
  const profile = mkdtempSync(join(TMP, 'chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 860 },
    ...options,
  });
}

// Console errors, page errors and requests leaving the server's origin.
function watch(page) {
  const w = { errors: [], foreign: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(BASE + '/') && !u.startsWith('data:')) w.foreign.push(u);
  });
  return w;
}

let shot = 0;
async function screenshot(page, name, scrollTo) {
  if (scrollTo) await page.locator(scrollTo).scrollIntoViewIfNeeded();
  const file = join(ART, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
}

async function loadedAt(page, at) {
  await page.waitForSelector(`#map[data-loaded-at="${at}"][data-loading="0"]`, { state: 'attached' });
}

// Click the map at [lon, lat], as a person would.
async function clickMap(page, [lon, lat]) {
  const p = await page.evaluate(([la, lo]) => window.hazreg.map.latLngToContainerPoint([la, lo]), [lat, lon]);
  const box = await page.locator('#map').boundingBox();
  assert.ok(p.x > 0 && p.y > 0 && p.x < box.width && p.y < box.height, `point ${lon},${lat} is in the map's view`);
  await page.mouse.click(box.x + p.x, box.y + p.y);
}

async function paths(page) {
  return page.$$eval('#map path.hz[data-area-id]', (els) =>
    els.map((e) => ({ id: e.dataset.areaId, phase: e.dataset.phase, status: e.dataset.status, stroke: e.getAttribute('stroke'), dash: e.getAttribute('stroke-dasharray') })),
  );
}

// The status symbols on the map, each with its shape (the path's commands,
// numbers aside), where it is and whether it is what a click on its middle
// reaches (nothing that takes clicks covers it, and it is not hidden;
// labels take none: the phone test measures them).
async function symbols(page) {
  return page.$$eval('#map path.hz-sym[data-area-id]', (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
      return {
        id: e.dataset.areaId, phase: e.dataset.phase, status: e.dataset.status, fill: e.getAttribute('fill'),
        shape: e.getAttribute('d').replace(/[^A-Za-z]/g, ''), label: e.getAttribute('aria-label'),
        x, y, w: r.width, h: r.height, onTop: document.elementFromPoint(x, y) === e,
      };
    }),
  );
}

// The symbols alone on the map: the test areas at zoom 10 (below the
// labels' zoom) and labels for at most 0 areas in view (layers.js). The
// function returned restores the view and the labels.
async function symbolsOnly(page) {
  await page.evaluate(() => {
    const { map, layers } = window.hazreg;
    window.hazregWas = { center: map.getCenter(), zoom: map.getZoom(), labelMax: layers.labelMax };
    map.setView([49.64, 36.725], 10, { animate: false });
    layers.setLabelMax(0);
  });
  await page.waitForSelector('#map[data-labels="0"]', { state: 'attached' });
  return () =>
    page.evaluate(() => {
      const { map, layers } = window.hazreg;
      map.setView(window.hazregWas.center, window.hazregWas.zoom, { animate: false });
      layers.setLabelMax(window.hazregWas.labelMax);
    });
}

async function itemsAt(at) {
  const page = await api(`/collections/hazardous_areas/items?datetime=${encodeURIComponent(at)}&limit=1000`);
  return new Map(page.features.map((f) => [f.id, f.properties]));
}

async function legendColours(page) {
  return Object.fromEntries(await page.$$eval('#legend li[data-color]', (els) => els.map((e) => [e.dataset.phase, e.dataset.color])));
}

// ---------------------------------------------------------------- words

// Latin words a Ukrainian text may hold: names of systems and a numeral
// (Protocol II), and CQ, the 100 km square of the MGRS example.
const ALLOWED_LATIN = ['UTC', 'MGRS', 'UTM', 'OpenStreetMap', 'ODbL', 'II', 'CQ'];
const MISSING_KEY = /\b(app|time|err|map|tabs?|phase|legend|status|class|release|state|area|device|kind|history|category|condition|chart|place|route|report|rstatus)\.[a-zA-Z]/;
const SAYS_SAFE = { en: /\bsafe\b/i, uk: /(^|[^а-яіїєґ'’])безпечн/i };

// What is wrong with a string shown in `lang`: text of the other language,
// an untranslated key, or a word calling something safe.
function wrongWords(lang, s) {
  if (MISSING_KEY.test(s)) return 'a dictionary key, not a translation';
  if (SAYS_SAFE[lang].test(s)) return 'says safe';
  if (lang === 'en' && /[\u0400-\u04FF]/.test(s)) return 'Ukrainian text in English';
  if (lang === 'uk') {
    let rest = s;
    for (const w of ALLOWED_LATIN) rest = rest.split(w).join(' ');
    if (/[A-Za-z]{2,}/.test(rest)) return 'English text in Ukrainian';
  }
  return null;
}

test('the dictionaries hold the same keys, with the same placeholders, and never say safe', () => {
  const en = Object.keys(dict.en).sort();
  const uk = Object.keys(dict.uk).sort();
  assert.deepEqual(uk.filter((k) => !en.includes(k)), [], 'keys only in Ukrainian');
  assert.deepEqual(en.filter((k) => !uk.includes(k)), [], 'keys only in English');
  const holes = (s) => (s.match(/\{\w+\}/g) || []).sort().join();
  for (const k of en) {
    assert.ok(dict.en[k].trim() && dict.uk[k].trim(), `${k}: empty`);
    assert.equal(holes(dict.uk[k]), holes(dict.en[k]), `${k}: placeholders differ`);
    for (const lang of ['en', 'uk']) {
      const bad = wrongWords(lang, dict[lang][k].replace(/\{\w+\}/g, ''));
      assert.equal(bad, null, `${lang} ${k}: ${bad}: ${dict[lang][k]}`);
    }
  }
});

test('coordinates: decimal degrees, MGRS and UTM read as PROJ reads them', async () => {
  const esbuild = require('esbuild');
  const out = await esbuild.build({ entryPoints: [join(SRC, 'web/src/coords.js')], bundle: true, format: 'esm', write: false, logLevel: 'error' });
  const file = join(TMP, 'coords.mjs');
  writeFileSync(file, out.outputFiles[0].text);
  const { parsePlace } = await import(pathToFileURL(file));
  // The UTM coordinates of 49.615 N 36.62 E from PROJ itself (GDAL's
  // gdaltransform, EPSG:4326 to EPSG:32637), not from the page's proj4.
  const [e, n] = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:32637', '-output_xy'], { input: '36.62 49.615\n' })
    .toString().trim().split(/\s+/).map(Number);
  const near = (p, lon, lat, tol, what) => {
    assert.ok(Math.abs(p.lon - lon) < tol && Math.abs(p.lat - lat) < tol, `${what}: ${p.lon},${p.lat} want ${lon},${lat}`);
  };
  near(parsePlace(`37U ${e.toFixed(2)} ${n.toFixed(2)}`), 36.62, 49.615, 1e-7, 'UTM 37U');
  near(parsePlace(`37N ${e.toFixed(0)} ${n.toFixed(0)}`), 36.62, 49.615, 2e-5, 'UTM 37N');
  // MGRS: the same point; 100 km square C (easting 3xx km in zone 37, a
  // zone of set 1: columns A-H) and Q (northing 5498 km: 14th row letter
  // of set 1 from A, 5498 - 4000 = 1498), to the metre.
  const m = `37U CQ ${String(Math.floor(e) % 100000).padStart(5, '0')} ${String(Math.floor(n) % 100000).padStart(5, '0')}`;
  near(parsePlace(m), 36.62, 49.615, 3e-5, m);
  near(parsePlace(m.replace(/ /g, '')), 36.62, 49.615, 3e-5, 'MGRS without spaces');
  near(parsePlace('49.615, 36.62'), 36.62, 49.615, 1e-12, 'degrees');
  near(parsePlace('49,615; 36,62'), 36.62, 49.615, 1e-12, 'decimal commas');
  near(parsePlace('36.62E 49.615N'), 36.62, 49.615, 1e-12, 'hemisphere letters');
  for (const [text, key] of [['hello', 'err.coords'], ['95, 36', 'err.range'], ['33U 400000 5500000', 'err.utmZone'], ['37U CQ 123', 'err.coords']]) {
    assert.throws(() => parsePlace(text), (err) => err.key === key, `${text} -> ${key}`);
  }
});

let ctx;
let page;
let seen;
before(async () => {
  ctx = await launch({ locale: 'en-GB' });
  page = ctx.pages()[0] || (await ctx.newPage());
  seen = watch(page);
});
after(async () => {
  if (ctx) await ctx.close();
});

// Each test answers for the errors since the previous one.
function noErrors() {
  const errors = seen.errors.splice(0);
  const foreign = seen.foreign.splice(0);
  assert.deepEqual(errors, [], 'console errors');
  assert.deepEqual(foreign, [], 'requests beyond the register');
}

test('the page loads without a console error and draws the areas hazardous at the moment, across pages of items', async () => {
  // limit=2: the three areas of T1 come in two pages; the page must follow
  // the next link.
  await page.goto(`${BASE}/#limit=2&at=${T1}`);
  await loadedAt(page, T1);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const want = await itemsAt(T1);
  const first = await api(`/collections/hazardous_areas/items?datetime=${T1}&limit=2`);
  assert.ok(first.links.some((l) => l.rel === 'next'), 'the API pages at limit=2');
  const got = await paths(page);
  assert.deepEqual(got.map((p) => p.id).sort(), [...want.keys()].sort());
  assert.equal(got.length, first.numberMatched);
  for (const p of got) {
    assert.equal(p.phase, want.get(p.id).phase, `${p.id}: phase`);
    assert.equal(p.status, want.get(p.id).status, `${p.id}: status`);
  }
  // The status is on the map, beside the phase letter, for every area.
  const labels = await page.$$eval('.hz-label span[data-area-id]', (els) => els.map((e) => [e.dataset.areaId, e.textContent]));
  assert.deepEqual(labels.map((l) => l[0]).sort(), [...want.keys()].sort());
  for (const [id, text] of labels) assert.ok(text.endsWith(dict.en[`status.${want.get(id).status}`]), `${id} label: ${text}`);
  assert.equal(await page.locator('#map path[data-part-id]').count(), 0, 'no part released by T1');
  await screenshot(page, 'loaded-T1');
  noErrors();
});

test('with no room for labels every area still shows its status, by the shape of its symbol, as the legend explains', async () => {
  await page.click('#tab-area');
  const want = await itemsAt(T1);
  assert.deepEqual(new Set([...want.values()].map((p) => p.status)), new Set(['open', 'worked_on', 'closed']), 'every status at T1');
  const restore = await symbolsOnly(page);
  assert.equal(await page.locator('#map .hz-label').count(), 0, 'no labels');
  // The legend: one shape per status, each named and explained.
  const legend = await page.$$eval('#legend-status li[data-status]', (els) =>
    els.map((e) => [e.dataset.status, e.querySelector('path').getAttribute('d').replace(/[^A-Za-z]/g, ''), e.textContent]),
  );
  assert.deepEqual(legend.map((l) => l[0]), ['open', 'worked_on', 'closed']);
  assert.equal(new Set(legend.map((l) => l[1])).size, 3, 'three statuses, three shapes');
  const shapeOf = Object.fromEntries(legend.map((l) => [l[0], l[1]]));
  for (const [st, , text] of legend) {
    assert.ok(text.includes(dict.en[`status.${st}`]) && text.includes(dict.en[`status.about.${st}`]), `legend of ${st}: ${text}`);
  }
  // On the map: a symbol for every area the API returns, in view, not
  // covered, of the legend's shape for the API's status and in the colour
  // of the API's phase, its words naming the status.
  const colours = await legendColours(page);
  const box = await page.locator('#map').boundingBox();
  const got = await symbols(page);
  assert.deepEqual(got.map((g) => g.id).sort(), [...want.keys()].sort(), 'one symbol per area');
  for (const g of got) {
    const p = want.get(g.id);
    assert.equal(g.status, p.status, `${g.id}: status`);
    assert.equal(g.shape, shapeOf[p.status], `${g.id}: the shape of "${p.status}"`);
    assert.equal(g.phase, p.phase, `${g.id}: phase`);
    assert.equal(g.fill, colours[p.phase], `${g.id}: the colour of ${p.phase}`);
    assert.ok(g.label.endsWith(dict.en[`status.${p.status}`]), `${g.id}: ${g.label}`);
    assert.ok(g.w >= 8 && g.h >= 8, `${g.id}: ${g.w}x${g.h} px`);
    assert.ok(g.x > box.x && g.x < box.x + box.width && g.y > box.y && g.y < box.y + box.height, `${g.id}: in the map's view`);
    assert.ok(g.onTop, `${g.id}: its symbol is seen (nothing hides or covers it)`);
  }
  await screenshot(page, 'symbols-T1');
  // A symbol opens its area (easier to hit than an area a few pixels wide).
  const closed = got.find((g) => g.status === 'closed');
  await page.mouse.click(closed.x, closed.y);
  await page.waitForSelector(`#area[data-area-id="${closed.id}"][data-loading="0"]`, { state: 'attached' });
  assert.equal(await page.locator('#area [data-field=status]').innerText(), dict.en['status.closed']);
  await restore();
  await page.waitForSelector('#map[data-labels="1"]', { state: 'attached' });
  noErrors();
});

test('moving the time control changes the phase and colour where the model says so', async () => {
  const colours = await legendColours(page);
  assert.equal(new Set(Object.values(colours)).size, 4, 'four phases, four colours');
  // The model's phase of WEB-HA-01 at both moments, from /risk/point.
  const phaseAt = async (at) => {
    const r = await api(`/risk/point?lon=${IN_HA01[0]}&lat=${IN_HA01[1]}&at=${at}`);
    return r.areas.find((a) => a.area_id === 'WEB-HA-01').risk.phase;
  };
  const [p1, p2] = [await phaseAt(T1), await phaseAt(T2)];
  assert.notEqual(p1, p2, 'the register changes phase between T1 and T2');
  const ha01 = async () => (await paths(page)).find((p) => p.id === 'WEB-HA-01');
  const was = await ha01();
  assert.equal(was.phase, p1);
  assert.equal(was.stroke, colours[p1]);

  await page.fill('#t-input', T2.slice(0, 16));
  await loadedAt(page, T2);
  const now = await ha01();
  assert.equal(now.phase, p2);
  assert.equal(now.stroke, colours[p2]);
  assert.notEqual(now.dash, was.dash, 'the dash pattern changes too');
  const want = await itemsAt(T2);
  const got = await paths(page);
  assert.deepEqual(got.map((p) => p.id).sort(), [...want.keys()].sort(), 'areas at T2');
  for (const p of got) assert.equal(p.phase, want.get(p.id).phase, `${p.id} at T2`);
  // Released parts are drawn, hatched, once released.
  const parts = await page.$$eval('#map path[data-part-id]', (els) => els.map((e) => [e.dataset.partId, e.dataset.release, e.getAttribute('fill')]));
  assert.deepEqual(parts.map((p) => p[0]).sort(), ['WEB-RP-01', 'WEB-RP-02']);
  for (const p of parts) assert.equal(p[2], 'url(#hatch)');
  await screenshot(page, 'moved-T2');

  // The slider moves in hours: one step right is T2 + 1 h.
  await page.focus('#t-slider');
  await page.keyboard.press('ArrowRight');
  await loadedAt(page, '2025-10-01T01:00:00Z');
  assert.equal(await page.inputValue('#t-input'), '2025-10-01T01:00');
  await page.fill('#t-input', T2.slice(0, 16));
  await loadedAt(page, T2);
  noErrors();
});

test('a click on an area shows its status, history, devices, both bounds, the decay chart and the civilian message', async () => {
  await page.click('#tab-area');
  await clickMap(page, IN_HA01);
  await page.waitForSelector('#area[data-area-id="WEB-HA-01"][data-loading="0"]', { state: 'attached' });
  const point = await api(`/risk/point?lon=${IN_HA01[0]}&lat=${IN_HA01[1]}&at=${T2}`);
  const area = point.areas.find((a) => a.area_id === 'WEB-HA-01');
  const text = (sel) => page.locator(`#area ${sel}`).innerText();
  assert.equal(await text('[data-field=status]'), dict.en[`status.${area.status}`]);
  assert.equal(await page.getAttribute('#area [data-field=phase] .badge', 'data-phase'), area.risk.phase);
  assert.match(await text('[data-field=devices]'), /np-sd-48h: 20, confirmed/);
  for (const b of ['optimistic', 'conservative']) {
    assert.ok((await text(`[data-field=expected-${b}]`)).startsWith(dict.en[`area.${b}`]), `${b} bound shown`);
  }
  // Both bounds of the expected number, as the API gives them.
  const num = async (sel) => Number((await text(sel)).split(': ').pop().replace(/,/g, ''));
  assert.equal(await num('[data-field=expected-conservative]'), Number(area.risk.expected_live.conservative.toPrecision(2)));
  assert.equal(await num('[data-field=expected-optimistic]'), Number(area.risk.expected_live.optimistic.toPrecision(2)));
  assert.equal(await text('[data-field=message]'), point.message.en);
  const hist = await api('/areas/WEB-HA-01/history');
  assert.equal(await page.locator('#area-history li').count(), hist.records.length);
  assert.ok(hist.records.length >= 3, 'two area records and an item');
  // The chart: both bounds and the marks, with their names in data-legend.
  const legend = (await page.getAttribute('#decay-chart', 'data-legend')).split('|');
  for (const k of ['chart.optimistic', 'chart.conservative', 'chart.sd', 'chart.sda', 'chart.now']) {
    assert.ok(legend.includes(dict.en[k]), `chart shows ${k}`);
  }
  await screenshot(page, 'area-panel');
  await screenshot(page, 'area-chart', '#decay-chart');
  noErrors();
});

test('checking a place: inside an area, in a released part, and where nothing is recorded', async () => {
  await page.click('#tab-place');
  const check = async (how) => {
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().includes('/risk/point?')), how()]);
    const want = await res.json();
    await page.waitForSelector(`#place-result[data-loading="0"][data-point="${want.point.join(',')}"]`, { state: 'attached' });
    const got = await page.$$eval('#place-areas li', (els) => els.map((e) => [e.dataset.areaId, e.dataset.state]));
    assert.deepEqual(got, want.areas.map((a) => [a.area_id, a.state]));
    assert.equal(await page.locator('#place-result [data-field=message]').innerText(), want.message.en);
    return want;
  };
  let a = await check(() => clickMap(page, IN_HA01));
  assert.deepEqual(a.areas.map((x) => x.area_id), ['WEB-HA-01']);
  assert.equal(a.areas[0].state, 'hazardous');
  await screenshot(page, 'place-inside');

  // Typed as UTM: in the part of WEB-HA-02 cancelled on 2025-06-15.
  const [e, n] = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:32637', '-output_xy'], { input: `${IN_RP01[0]} ${IN_RP01[1]}\n` })
    .toString().trim().split(/\s+/).map(Number);
  await page.fill('#place-input', `37U ${e.toFixed(1)} ${n.toFixed(1)}`);
  a = await check(() => page.click('#place-check'));
  assert.deepEqual(a.areas.map((x) => [x.area_id, x.state]), [['WEB-HA-02', 'released']]);
  await screenshot(page, 'place-released');

  await page.fill('#place-input', `${NOWHERE[1]}, ${NOWHERE[0]}`);
  a = await check(() => page.click('#place-check'));
  assert.equal(a.count, 0);
  assert.equal(await page.locator('#place-nothing').innerText(), dict.en['place.nothing']);
  await screenshot(page, 'place-nothing');

  await page.fill('#place-input', 'not a place');
  await page.click('#place-check');
  assert.equal(await page.locator('#place-error').innerText(), dict.en['err.coords']);
  noErrors();
});

test('checking a route lists the areas its corridor crosses, in order, with where', async () => {
  await page.click('#tab-route');
  await page.evaluate(() => window.hazreg.map.fitBounds([[49.59, 36.55], [49.7, 36.9]]));
  await page.fill('#route-width', '50');
  await clickMap(page, [36.57, 49.615]);
  await clickMap(page, [36.78, 49.615]);
  assert.equal(await page.locator('#route-points').innerText(), dict.en['route.points'].replace('{n}', '2'));
  const [req] = await Promise.all([page.waitForRequest((r) => r.url().endsWith('/risk/route')), page.click('#route-check')]);
  await page.waitForSelector('#route-result[data-loading="0"][data-count]', { state: 'attached' });
  // The register's answer to the very route the page sent.
  const want = await api('/risk/route', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: req.postData() });
  const got = await page.$$eval('#route-areas li', (els) => els.map((e) => [e.dataset.areaId, Number(e.dataset.enterM), Number(e.dataset.leaveM)]));
  assert.deepEqual(got, want.areas.map((a) => [a.area_id, a.enter_m, a.leave_m]));
  assert.deepEqual(got.map((g) => g[0]), ['WEB-HA-01', 'WEB-HA-02'], 'west to east');
  assert.equal(await page.locator('.route-entry').count(), 2, 'entries marked on the line');
  await screenshot(page, 'route');
  noErrors();
});

let reportId;
test('a report is sent and its tracking view shows "received"', async () => {
  await page.click('#tab-report');
  await page.click('#report-send');
  assert.equal(await page.locator('#report-error').innerText(), dict.en['err.noPoint']);
  await clickMap(page, [36.66, 49.64]);
  await page.fill('#report-description', 'A metal tube with fins by the field edge');
  await page.fill('#report-contact', '+380 00 000 00 00');
  await page.click('#report-send');
  await page.waitForSelector('#report-status[data-status][data-loading="0"]', { state: 'attached' });
  reportId = await page.locator('#report-id').innerText();
  assert.match(reportId, /^[a-z2-7]{26}$/);
  assert.equal(await page.getAttribute('#report-status', 'data-status'), 'received');
  assert.equal(await page.locator('#report-status [data-field=status]').innerText(), dict.en['rstatus.received']);
  assert.equal((await api(`/reports/${reportId}`)).status, 'received');
  await screenshot(page, 'report-sent');

  // Later, from the link: the status view alone.
  const later = await ctx.newPage();
  const w = watch(later);
  await later.goto(`${BASE}/#report=${reportId}`);
  await later.waitForSelector(`#report-status[data-id="${reportId}"][data-loading="0"]`, { state: 'attached' });
  assert.equal(await later.getAttribute('#report-status', 'data-status'), 'received');
  await screenshot(later, 'report-followed');
  await later.close();
  assert.deepEqual(w.errors, []);
  noErrors();
});

// Every visible string of the page (text, placeholders, titles, labels,
// the chart's legend), outside the register's own values ([data-value])
// and text marked as another language (the other language's button). Area
// ids within labels (an area path's aria-label) are taken out.
async function visibleStrings(p) {
  const { ids, strings } = await p.evaluate(() => {
    const lang = document.documentElement.lang;
    const shown = (el) => el.checkVisibility({ visibilityProperty: true }) && el.getClientRects().length > 0;
    const skip = (el) => el.closest('[data-value]') || el.closest('[lang]').lang !== lang;
    const out = [document.title];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const s = n.textContent.trim();
      if (s && !skip(n.parentElement) && shown(n.parentElement)) out.push(s);
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label], canvas[data-legend]')) {
      if (skip(el) || !shown(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label']) if (el.hasAttribute(a)) out.push(el.getAttribute(a));
      if (el.dataset.legend) out.push(...el.dataset.legend.split('|'));
    }
    const ids = [...document.querySelectorAll('[data-area-id]')].map((e) => e.dataset.areaId);
    return { ids, strings: out };
  });
  return strings.map((s) => ids.reduce((acc, id) => acc.split(id).join(''), s));
}

test('the language switch changes every visible string, in every tab', async () => {
  for (const lang of ['en', 'uk', 'en']) {
    await page.click(`#lang-${lang}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    for (const tab of ['area', 'place', 'route', 'report', 'legend']) {
      await page.click(`#tab-${tab}`);
      for (const s of await visibleStrings(page)) {
        const bad = wrongWords(lang, s);
        assert.equal(bad, null, `${lang}, tab ${tab}: ${bad}: "${s}"`);
      }
      if (lang === 'uk') await screenshot(page, `uk-${tab}`);
    }
    // The status symbols' words and the legend of their shapes.
    const restore = await symbolsOnly(page);
    const strings = await visibleStrings(page);
    for (const s of strings) {
      const bad = wrongWords(lang, s);
      assert.equal(bad, null, `${lang}, symbols alone: ${bad}: "${s}"`);
    }
    for (const k of ['legend.statusTitle', 'legend.status', 'status.about.open', 'status.about.worked_on', 'status.about.closed']) {
      assert.ok(strings.includes(dict[lang][k]), `${lang}: ${k} shown`);
    }
    const syms = await symbols(page);
    assert.ok(syms.length > 0, 'symbols drawn');
    for (const g of syms) assert.ok(g.label.endsWith(`, ${dict[lang][`status.${g.status}`]}`), `${lang}: ${g.label}`);
    if (lang === 'uk') await screenshot(page, 'uk-symbols');
    await restore();
  }
  // The civilian message follows the language.
  await page.click('#lang-uk');
  await page.click('#tab-area');
  const point = await api(`/risk/point?lon=${IN_HA01[0]}&lat=${IN_HA01[1]}&at=${T2}`);
  assert.equal(await page.locator('#area [data-field=message]').innerText(), point.message.uk);
  await page.click('#lang-en');
  noErrors();
});

test('Ukrainian by default when the browser asks for it; usable on a phone-sized screen', async () => {
  const phone = await launch({ locale: 'uk-UA', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  try {
    const p = phone.pages()[0] || (await phone.newPage());
    const w = watch(p);
    await p.goto(`${BASE}/#at=${T2}`);
    await loadedAt(p, T2);
    assert.equal(await p.getAttribute('html', 'lang'), 'uk');
    for (const s of await visibleStrings(p)) assert.equal(wrongWords('uk', s), null, `phone: "${s}"`);
    const map = await p.locator('#map').boundingBox();
    const panel = await p.locator('#panel').boundingBox();
    assert.ok(map.width <= 390 && map.height >= 300, `map ${map.width}x${map.height}`);
    assert.ok(panel.y >= map.y + map.height - 1, 'the tools are below the map');
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
    assert.equal(await p.locator('#map path.hz[data-area-id]').count(), (await itemsAt(T2)).size);
    // Crowded on the small map, every area's symbol is still seen: a label
    // is left out rather than cover another area's symbol or label.
    const syms = await symbols(p);
    assert.equal(syms.length, (await itemsAt(T2)).size, 'a status symbol per area');
    for (const g of syms) assert.ok(g.onTop, `phone: ${g.id}'s symbol is seen`);
    const labels = await p.$$eval('.hz-label span[data-area-id]', (els) => els.map((e) => [e.dataset.areaId, e.getBoundingClientRect().toJSON()]));
    const apart = (a, b) => a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
    for (const [id, box] of labels) {
      for (const g of syms.filter((x) => x.id !== id)) {
        assert.ok(apart(box, { left: g.x - g.w / 2, right: g.x + g.w / 2, top: g.y - g.h / 2, bottom: g.y + g.h / 2 }), `phone: ${id}'s label covers ${g.id}'s symbol`);
      }
      for (const [other, b] of labels) if (other !== id) assert.ok(apart(box, b), `phone: labels of ${id} and ${other} overlap`);
    }
    await screenshot(p, 'phone-uk');
    assert.deepEqual(w.errors, []);
    assert.deepEqual(w.foreign, []);
  } finally {
    await phone.close();
  }
});
