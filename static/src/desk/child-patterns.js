// The child's timeline (one bar per episode: its length, coloured by grade, where found), the
// flags, and the day-by-hour table of when episodes are reported.
import { el } from '../map/util.js';

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

function hoursText(h) {
  if (h === null || h === undefined) return 'still missing';
  return h < 48 ? `${Math.round(h)} h` : `${(h / 24).toFixed(1)} days`;
}

export function renderFlags(node, flags) {
  node.replaceChildren(...flags.map((f) => el('li', { class: 'flag', dataset: { raised: String(f.raised), key: f.key },
    title: f.detail }, `${f.raised ? '⚑ ' : ''}${f.label}${f.raised ? '' : ': no'}`,
  el('span', { class: 'visually-hidden' }, `. ${f.detail}`))));
}

export function renderTimeline(node, episodes, grades) {
  // Bars on a log scale: a 2-hour and a 4-day episode both stay readable.
  const longest = Math.max(1, ...episodes.map((e) => e.duration_hours || 0));
  const width = (h) => `${Math.max(2, (Math.log1p(h) / Math.log1p(longest)) * 100)}%`;
  node.replaceChildren(...[...episodes].reverse().map((e) => {
    const where = e.found_place_kind
      ? `found: ${e.found_place_kind.replace(/_/g, ' ')}${e.found_km !== null ? `, ${e.found_km} km from last seen` : ''}`
      : e.status === 'open' ? 'missing now' : 'not recorded';
    return el('li', { dataset: { episodeId: e.id } },
      el('span', {}, dateFmt.format(new Date(e.reported_at))),
      el('span', { class: 'bar-wrap' },
        styled(el('span', { class: `bar grade-${e.risk_grade || 'none'}`, 'aria-hidden': 'true' }),
          { width: width(e.duration_hours || 0.5) }),
        el('span', { class: 'small' },
          `${hoursText(e.duration_hours)} · ${grades[e.risk_grade] || 'not graded'} · ${where}`)));
  }));
}

export function renderPatterns(summaries, table, tzNode, patterns) {
  const d = patterns.duration_hours;
  const g = patterns.gap_days;
  const rows = [
    ['Episodes', String(d.count + (patterns.by_weekday.reduce((a, b) => a + b, 0) - d.count))],
    ['Length', d.median === null ? '—' : `median ${hoursText(d.median)}, 9 in 10 within ${hoursText(d.p90)}`],
    ['Gap to next', g.median === null ? '—' : `median ${g.median.toFixed(0)} days after a return (${g.count} gaps)`],
    ['Busiest day', busiest(patterns.by_weekday, patterns.weekdays)],
    ['Busiest hour', busiest(patterns.by_hour, patterns.by_hour.map((_, h) => `${String(h).padStart(2, '0')}:00`))],
  ];
  summaries.replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  tzNode.textContent = patterns.timezone;
  const caption = table.querySelector('caption');
  const max = Math.max(1, ...patterns.weekday_hour.flat());
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Day'),
    patterns.by_hour.map((_, h) => el('th', { scope: 'col' }, String(h).padStart(2, '0'))));
  const body = patterns.weekday_hour.map((row, i) => el('tr', {},
    el('th', { scope: 'row' }, patterns.weekdays[i]),
    row.map((n) => styled(el('td', { dataset: { n: String(n) } }, String(n)), n ? {
      background: `rgba(11, 61, 145, ${(0.15 + 0.85 * n / max).toFixed(2)})`,
      color: n / max > 0.5 ? '#fff' : 'inherit' } : {}))));
  table.replaceChildren(caption, el('thead', {}, head), el('tbody', {}, body));
}

// Styles set through the DOM, not a style attribute: the page's CSP refuses inline styles.
export function styled(node, styles) {
  Object.assign(node.style, styles);
  return node;
}

function busiest(counts, labels) {
  const max = Math.max(...counts);
  if (!max) return '—';
  return `${labels[counts.indexOf(max)]} (${max})`;
}
