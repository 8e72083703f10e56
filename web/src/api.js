// The page's only way to the register: same-origin calls to the HTTP API
// of "hazreg serve" (docs/api.md). Nothing else is fetched, from anywhere.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.description) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function call(path, init) {
  const res = await fetch(path, {
    ...init,
    headers: { Accept: 'application/json', ...(init && init.headers) },
  });
  let body = null;
  const text = await res.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { description: text.slice(0, 200) };
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) q.set(k, v);
  return q.toString();
}

export function getJSON(path, params) {
  const q = params ? query(params) : '';
  return call(q ? `${path}?${q}` : path);
}

function postJSON(path, body) {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

// Every feature of a collection that matches params, page after page:
// the server pages (limit up to its --max-limit) and links the next page;
// the link is followed on this origin, whatever host the server named.
export async function allItems(collection, params, limit) {
  const features = [];
  let path = `/collections/${collection}/items?${query({ ...params, limit })}`;
  let matched = null;
  while (path) {
    const page = await call(path);
    features.push(...page.features);
    if (matched === null) matched = page.numberMatched;
    const next = (page.links || []).find((l) => l.rel === 'next');
    path = null;
    if (next && page.features.length > 0) {
      const u = new URL(next.href, location.href);
      path = u.pathname + u.search;
    }
  }
  return { features, matched };
}

// A panel's calls, of which only the latest counts: while one runs, el has
// data-loading="1"; its answer goes to use() (before data-loading is "0"
// again, so that whoever waits for it sees the answer drawn), unless a
// later call has begun; a failure goes to showError.
export class Latest {
  constructor(el, showError) {
    this.el = el;
    this.showError = showError;
    this.seq = 0;
  }

  async run(call, use) {
    const seq = ++this.seq;
    this.el.dataset.loading = '1';
    try {
      const answer = await call();
      if (seq === this.seq) use(answer);
    } catch (e) {
      if (seq === this.seq) this.showError(e);
    } finally {
      if (seq === this.seq) this.el.dataset.loading = '0';
    }
  }
}

export const collection = (id) => getJSON(`/collections/${encodeURIComponent(id)}`);

export const riskPoint = (lon, lat, at, lang) => getJSON('/risk/point', { lon, lat, at, lang });

export const riskRoute = (coordinates, width_m, at) =>
  postJSON('/risk/route', { route: { type: 'LineString', coordinates }, width_m, at });

export const timeline = (id) => getJSON('/risk/timeline', { id });

export const history = (id) => getJSON(`/areas/${encodeURIComponent(id)}/history`);

export const sendReport = (report) => postJSON('/reports', report);

export const report = (id) => getJSON(`/reports/${encodeURIComponent(id)}`);
