// "Report a find": a member of the public marks a point on the map,
// describes what they saw, may leave a contact, and sends it (POST
// /reports). The answer's tracking id is shown with a link (#report=ID)
// that opens the report's status (GET /reports/{id}) later; the status
// view shows only what the API gives the public: status, dates, history.
import * as L from 'leaflet';
import * as api from './api.js';
import { t } from './i18n.js';
import { h, val, clear, fill, fmtPoint, fmtTime } from './format.js';

export class ReportPanel {
  constructor(map, els, showError) {
    this.map = map;
    this.els = els; // {form, point, description, contact, error, result, follow, followId, status}
    this.showError = showError;
    this.point = null;
    this.layer = L.layerGroup();
    this.sent = null;
    this.status = null;
    this.errorKey = null;
    els.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    els.follow.addEventListener('submit', (e) => {
      e.preventDefault();
      this.follow(els.followId.value.trim());
    });
  }

  choose(lon, lat) {
    this.point = [lon, lat];
    this.layer.clearLayers();
    L.circleMarker([lat, lon], { pane: 'tools', radius: 8, color: '#000', weight: 2, fillColor: '#F0E442', fillOpacity: 1, className: 'report-point' }).addTo(this.layer);
    this.errorKey = null;
    this.render();
  }

  async send() {
    this.errorKey = null;
    const description = this.els.description.value.trim();
    if (!this.point) this.errorKey = 'err.noPoint';
    else if (!description) this.errorKey = 'err.noDescription';
    if (this.errorKey) {
      this.render();
      return;
    }
    const body = { lon: this.point[0], lat: this.point[1], description };
    const contact = this.els.contact.value.trim();
    if (contact) body.contact = contact;
    this.els.result.dataset.loading = '1';
    try {
      this.sent = await api.sendReport(body);
      this.els.description.value = '';
      this.els.contact.value = '';
      this.els.followId.value = this.sent.id;
      history.replaceState(null, '', `#report=${this.sent.id}`);
      this.render();
      await this.follow(this.sent.id);
    } catch (e) {
      if (e.status === 429) this.errorKey = 'err.tooMany';
      else this.showError(e);
      this.render();
    } finally {
      this.els.result.dataset.loading = '0';
    }
  }

  async follow(id) {
    if (!id) return;
    this.els.status.dataset.loading = '1';
    try {
      this.status = await api.report(id);
      this.errorKey = null;
    } catch (e) {
      this.status = null;
      if (e.status === 404) this.errorKey = 'err.noReport';
      else this.showError(e);
    } finally {
      this.render();
      this.els.status.dataset.loading = '0';
    }
  }

  render() {
    const els = this.els;
    els.point.textContent = this.point ? t('report.point', { p: fmtPoint(this.point[0], this.point[1]) }) : t('report.noPoint');
    els.error.textContent = this.errorKey ? t(this.errorKey) : '';
    const r = clear(els.result);
    if (this.sent) {
      fill(
        r,
        h('p', { class: 'civ' }, t('report.sent')),
        h('p', {}, `${t('report.id')}: `, h('code', { id: 'report-id', 'data-value': '' }, this.sent.id)),
        h('p', {}, t('report.keep')),
        h('p', {}, h('a', { href: `#report=${this.sent.id}`, id: 'report-link' }, t('report.link'))),
        h('p', { class: 'note' }, t('report.advice')),
      );
    }
    const s = clear(els.status);
    if (this.status) {
      s.dataset.status = this.status.status;
      s.dataset.id = this.status.id;
      fill(
        s,
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, t('report.id')),
          h('dd', {}, val(this.status.id)),
          h('dt', {}, t('report.status')),
          h('dd', { 'data-field': 'status' }, h('strong', {}, t(`rstatus.${this.status.status}`))),
          h('dt', {}, t('report.received')),
          h('dd', {}, fmtTime(this.status.received)),
          h('dt', {}, t('report.changed')),
          h('dd', {}, fmtTime(this.status.last_changed || this.status.received)),
        ),
        h(
          'ol',
          { class: 'list' },
          (this.status.history || []).map((x) => h('li', { 'data-status': x.status }, fmtTime(x.at), ' · ', t(`rstatus.${x.status}`))),
        ),
      );
    } else {
      delete s.dataset.status;
    }
  }
}
