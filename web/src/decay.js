// The decay chart of an area (Chart.js), from GET /risk/timeline: expected
// live devices over time in both bounds (log scale), or the chance that
// any device is live when the count is unknown; the SD window is shaded,
// the SDA deadline and the moment shown are vertical lines, each labelled.
// The canvas carries the translated legend in data-legend and a summary in
// aria-label, since its text is not in the DOM.
import {
  Chart,
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Legend,
  Tooltip,
} from 'chart.js';
import { t } from './i18n.js';
import { fmtDate, fmtNum, fmtTime } from './format.js';
import { PHASE_STYLE } from './phases.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

const ms = (iso) => (iso ? Date.parse(iso) : null);

// Vertical marks drawn under the curves: [{from, to, label, color, dash}].
const marksPlugin = {
  id: 'hazregMarks',
  beforeDatasetsDraw(chart, args, opts) {
    const { ctx, chartArea: a, scales } = chart;
    ctx.save();
    ctx.font = '11px "DejaVu Sans", sans-serif';
    let row = 0;
    for (const m of opts.marks || []) {
      if (m.from === null) continue;
      const x0 = scales.x.getPixelForValue(m.from);
      const x1 = scales.x.getPixelForValue(m.to ?? m.from);
      if (x1 < a.left || x0 > a.right) continue;
      ctx.fillStyle = m.color;
      ctx.strokeStyle = m.color;
      if (x1 - x0 >= 2) {
        ctx.globalAlpha = 0.2;
        ctx.fillRect(x0, a.top, x1 - x0, a.bottom - a.top);
        ctx.globalAlpha = 1;
      }
      ctx.lineWidth = 2;
      ctx.setLineDash(m.dash || []);
      for (const x of x1 - x0 >= 2 ? [x0, x1] : [x0]) {
        ctx.beginPath();
        ctx.moveTo(x, a.top);
        ctx.lineTo(x, a.bottom);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      ctx.fillText(m.label, Math.min(x0 + 3, a.right - ctx.measureText(m.label).width), a.top + 11 + 12 * row);
      row = (row + 1) % 3;
    }
    ctx.restore();
  },
};

// Draw the chart in canvas; the previous chart on it, if any, is destroyed.
// risk is the area's risk object at the moment shown (atIso).
export function decayChart(canvas, timeline, risk, atIso) {
  const old = Chart.getChart(canvas);
  if (old) old.destroy();
  const unknown = timeline.count_unknown;
  const pick = (r, bound) => {
    const v = unknown ? r.p_any[bound] : r.expected[bound];
    return unknown || v > 0 ? v : null; // a log scale has no 0
  };
  const series = (bound) => timeline.rows.map((r) => ({ x: ms(r.time), y: pick(r, bound) }));
  const labels = {
    optimistic: t('chart.optimistic'),
    conservative: t('chart.conservative'),
  };
  const marks = [
    { from: ms(risk && risk.sd_window_start), to: ms(risk && risk.sd_window_end), label: t('chart.sd'), color: PHASE_STYLE.decaying.color, dash: [5, 5] },
    { from: ms(risk && risk.sda_deadline), label: t('chart.sda'), color: PHASE_STYLE.residual.color, dash: [2, 4] },
    { from: ms(atIso), label: t('chart.now'), color: '#000000', dash: [] },
  ];
  const legend = [labels.optimistic, labels.conservative, ...marks.filter((m) => m.from !== null).map((m) => m.label)];
  canvas.dataset.legend = legend.join('|');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', t(unknown ? 'area.chartAboutP' : 'area.chartAbout'));

  return new Chart(canvas, {
    type: 'line',
    data: {
      datasets: [
        { label: labels.optimistic, data: series('optimistic'), borderColor: '#56B4E9', borderDash: [6, 3], pointRadius: 0, stepped: 'after', borderWidth: 2 },
        { label: labels.conservative, data: series('conservative'), borderColor: '#D55E00', pointRadius: 0, stepped: 'after', borderWidth: 2 },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      scales: {
        x: {
          type: 'linear',
          min: ms(timeline.from),
          max: ms(timeline.to),
          ticks: { maxTicksLimit: 4, maxRotation: 0, callback: (v) => fmtDate(new Date(v).toISOString()) },
        },
        y: unknown
          ? { type: 'linear', min: 0, max: 1, title: { display: true, text: t('chart.yP') } }
          : {
              type: 'logarithmic',
              title: { display: true, text: t('chart.yExpected') },
              ticks: { callback: (v) => (Math.log10(v) % 1 === 0 ? fmtNum(v, 1) : '') },
            },
      },
      plugins: {
        hazregMarks: { marks },
        legend: { position: 'bottom', labels: { boxHeight: 2 } },
        tooltip: {
          callbacks: {
            title: (items) => fmtTime(new Date(items[0].parsed.x).toISOString()),
            label: (item) => `${item.dataset.label}: ${fmtNum(item.parsed.y)}`,
          },
        },
      },
    },
    plugins: [marksPlugin],
  });
}
