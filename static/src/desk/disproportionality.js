// Disproportionality: risk grade shares and time missing by ethnicity (Chart.js), and the
// tables by ethnicity and by age band with each group's ratio against everyone else.
import { chart, PALETTE } from './charts.js';
import { el } from '../map/util.js';

const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`);
const num = (x) => (x === null || x === undefined ? '–' : String(x));

function ratio(r) {
  if (r.ratio === null) return '–';
  const text = r.low === null ? r.ratio.toFixed(2) : `${r.ratio.toFixed(2)} (${r.low.toFixed(2)}–${r.high.toFixed(2)})`;
  return r.significant ? el('span', { class: 'flag', title: 'The 95% interval excludes 1' }, `${text} *`) : text;
}

function table(id, rows, firstHeader, first, grades) {
  const head = el('thead', {}, el('tr', {},
    [firstHeader, 'Episodes', 'Children', ...grades.map(([, l]) => l), 'Medium or high', 'Ratio (95% CI)',
      'Median hours missing', 'Found by police', 'Ratio (95% CI)'].map((h) => el('th', { scope: 'col' }, h))));
  const body = el('tbody', {}, rows.map((r) => el('tr', {},
    el('th', { scope: 'row' }, first(r)), el('td', { class: 'num' }, r.episodes), el('td', { class: 'num' }, r.children),
    ...grades.map(([g]) => el('td', { class: 'num' }, pct(r.grade_shares[g]))),
    el('td', { class: 'num' }, pct(r.medium_high_share)), el('td', { class: 'num' }, ratio(r.medium_high_ratio)),
    el('td', { class: 'num' }, num(r.median_hours_missing)), el('td', { class: 'num' }, pct(r.police_found_share)),
    el('td', { class: 'num' }, ratio(r.police_found_ratio)))));
  document.getElementById(id).replaceChildren(head, body);
}

export function renderDisproportionality(body, config) {
  const m = body.method;
  document.getElementById('disproportionality-method').textContent = `Ratio: ${m.ratio}. Medium or high: `
    + `${m.medium_high}. Found by police: ${m.police_found}. Hours missing: ${m.hours_missing}. `
    + `${body.overall ? `${body.overall.episodes} episodes in all.` : 'No episodes for this filter.'}`;
  const groups = body.by_ethnicity.slice(0, 12);
  const grades = config.grades.slice().reverse(); // high first
  chart('grade-chart', {
    type: 'bar',
    data: { labels: groups.map((g) => g.ethnicity), datasets: grades.map(([g, label], i) => ({
      label, data: groups.map((r) => Math.round(r.grade_shares[g] * 1000) / 10),
      backgroundColor: ['#b91c1c', '#c2410c', '#a16207', '#166534'][i] })) },
    options: { indexAxis: 'y', scales: { x: { stacked: true, max: 100, title: { display: true, text: '% of episodes by risk grade' } },
      y: { stacked: true } }, plugins: { legend: { position: 'bottom' } } },
  });
  chart('hours-chart', {
    type: 'bar',
    data: { labels: groups.map((g) => g.ethnicity), datasets: [
      { label: 'Median hours missing', data: groups.map((r) => r.median_hours_missing), backgroundColor: PALETTE[0], xAxisID: 'x' },
      { label: '% found by police', data: groups.map((r) => (r.police_found_share === null ? null : Math.round(r.police_found_share * 100))),
        backgroundColor: PALETTE[1], xAxisID: 'x2' }] },
    options: { indexAxis: 'y', scales: { x: { position: 'bottom', title: { display: true, text: 'Hours' } },
      x2: { position: 'top', max: 100, grid: { drawOnChartArea: false }, title: { display: true, text: '% found by police' } } },
    plugins: { legend: { position: 'bottom' } } },
  });
  table('dispro-ethnicity', body.by_ethnicity, 'Ethnicity', (r) => r.ethnicity, grades);
  table('dispro-age', body.by_age_band, 'Age band', (r) => r.age_band_label, grades);
}
