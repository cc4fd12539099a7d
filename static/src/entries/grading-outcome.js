// Grading against outcome: the two shares by month on one chart (Chart.js, as the desk), the
// figures in a table beneath (the chart's text alternative) and the totals.
import { api } from '../lib/api.js';
import { chart, PALETTE } from '../desk/charts.js';
import { pageConfig } from '../casework/page.js';

const { root } = pageConfig('grading-outcome');
const pct = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)}%`);

async function load() {
  const q = new URLSearchParams();
  const since = document.getElementById('since').value;
  const until = document.getElementById('until').value;
  if (since) q.set('since', `${since}T00:00:00Z`);
  if (until) q.set('until', `${until}T23:59:59Z`);
  const report = await api(`/api/reports/grading-outcome?${q}`);
  const months = report.months;
  chart('shares-chart', {
    type: 'line',
    data: {
      labels: months.map((m) => m.month),
      datasets: [
        { label: 'Harm cases graded high', data: months.map((m) => m.share_of_harm_graded_high), borderColor: PALETTE[4], backgroundColor: PALETTE[4], spanGaps: true },
        { label: 'High grades with harm', data: months.map((m) => m.share_of_high_with_harm), borderColor: PALETTE[0], backgroundColor: PALETTE[0], spanGaps: true },
      ],
    },
    options: { scales: { y: { min: 0, max: 1, ticks: { callback: (v) => `${Math.round(v * 100)}%` } } } },
  });
  const t = report.totals;
  document.getElementById('totals').innerHTML = `
    <dt>Episodes found or closed</dt><dd>${t.episodes}</dd>
    <dt>Harm cases</dt><dd>${t.harm_cases}</dd>
    <dt>Of those, graded high</dt><dd>${t.harm_cases_graded_high} (${pct(t.share_of_harm_graded_high)})</dd>
    <dt>High grades with harm known</dt><dd>${t.graded_high}; with harm ${pct(t.share_of_high_with_harm)}</dd>
    <dt>Harm unknown or not recorded</dt><dd>${t.harm_unknown}</dd>`;
  document.querySelector('#months tbody').innerHTML = months.map((m) => `<tr><th scope="row">${m.month}</th>
    <td>${m.episodes}</td><td>${m.harm_cases}</td><td>${m.harm_cases_graded_high}</td><td>${m.graded_high}</td>
    <td>${m.harm_unknown}</td><td>${pct(m.share_of_harm_graded_high)}</td><td>${pct(m.share_of_high_with_harm)}</td></tr>`).join('')
    || '<tr><td colspan="8">No found or closed episodes in these dates.</td></tr>';
  document.getElementById('method').textContent = report.method;
  root.dataset.ready = '1';
}

document.getElementById('window').addEventListener('submit', (e) => {
  e.preventDefault();
  load().catch((err) => { const n = document.getElementById('toast'); n.textContent = err.message; n.hidden = false; });
});
load().catch((err) => { const n = document.getElementById('toast'); n.textContent = err.message; n.hidden = false; });
