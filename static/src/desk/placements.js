// By placement: episodes per month for the homes that report most (a stacked bar chart) and
// every home with its children in a table.
import { chart, PALETTE } from './charts.js';
import { el } from '../map/util.js';

export function renderPlacements(body) {
  document.getElementById('placements-method').textContent = `Home: ${body.method.home}. `
    + `${body.homes.length} homes; the chart shows the ${body.series.length} that reported most, month by month.`;
  chart('placements-chart', {
    type: 'bar',
    data: { labels: body.months, datasets: body.series.map((s, i) => ({
      label: s.name, data: s.episodes, backgroundColor: PALETTE[i % PALETTE.length] })) },
    options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'Episodes' },
      ticks: { precision: 0 } } }, plugins: { legend: { position: 'bottom' } } },
  });
  const rows = body.homes.map((h) => el('tr', {},
    el('th', { scope: 'row' }, h.name),
    el('td', { class: 'num' }, h.episodes), el('td', { class: 'num' }, h.children),
    el('td', { class: 'num' }, h.episodes_per_child.toFixed(1)),
    el('td', { class: 'num' }, `${Math.round(h.medium_high_share * 100)}%`),
    el('td', {}, h.children_listed.slice(0, 12).flatMap((c, i) => [i ? ', ' : '',
      el('a', { href: c.url }, c.name), ` (${c.episodes})`]),
    h.children_listed.length > 12 ? ` and ${h.children_listed.length - 12} more` : '')));
  document.querySelector('#placements-table tbody').replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: 6, class: 'empty' }, 'No episodes for this filter.'))]));
}
