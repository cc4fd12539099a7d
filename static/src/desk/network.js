// Going missing together: the children's network drawn with Cytoscape, the most central
// children and the strongest links in tables beside it.
import cytoscape from 'cytoscape';
import { el } from '../map/util.js';

const KIND_LABELS = {
  linked: 'recorded together', reported_together: 'reported together', found_together: 'found together',
  sighted_together: 'sighted together', shared_associates: 'shared associates',
};
const MAX_DRAWN_EDGES = 400;
let graph = null;

function how(edge) {
  return Object.entries(KIND_LABELS).filter(([k]) => edge[k] > 0)
    .map(([k, label]) => `${label}${edge[k] > 1 ? ` ×${edge[k]}` : ''}`).join(', ');
}

function draw(body) {
  const edges = body.edges.slice(0, MAX_DRAWN_EDGES);
  const keep = new Set(edges.flatMap((e) => [e.source, e.target]));
  const maxB = Math.max(0.0001, ...body.nodes.map((n) => n.betweenness));
  const elements = [
    ...body.nodes.filter((n) => keep.has(n.id)).map((n) => ({ data: {
      id: String(n.id), label: n.name, size: 18 + 30 * (n.betweenness / maxB), url: n.url } })),
    ...edges.map((e) => ({ data: { id: `${e.source}-${e.target}`, source: String(e.source),
      target: String(e.target), weight: e.weight } })),
  ];
  if (graph) graph.destroy();
  graph = cytoscape({
    container: document.getElementById('network-graph'),
    elements,
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 80 },
    style: [
      { selector: 'node', style: { 'background-color': '#0b3d91', label: 'data(label)', 'font-size': 11,
        width: 'data(size)', height: 'data(size)', color: '#111827', 'text-valign': 'bottom',
        'text-margin-y': 3, 'text-background-color': '#ffffff', 'text-background-opacity': 0.8,
        'text-background-padding': 1 } },
      { selector: 'edge', style: { width: 'mapData(weight, 1, 6, 1.5, 8)', 'line-color': '#c2410c',
        opacity: 0.75, 'curve-style': 'haystack' } },
    ],
    wheelSensitivity: 0.3,
  });
  graph.on('tap', 'node', (evt) => { window.location.href = evt.target.data('url'); });
}

export function renderNetwork(body) {
  const m = body.method;
  const { children, links } = body.total;
  const sent = body.truncated ? ` The ${body.edges.length.toLocaleString('en-GB')} strongest links and the `
    + `${body.nodes.length.toLocaleString('en-GB')} children they reach or most central are here; an export holds every link.` : '';
  document.getElementById('network-method').textContent = `Links: ${Object.values(m.links).join('; ')}. `
    + `Weight: ${m.weight}; shown: ${m.min_links}. Centrality: ${m.centrality}. `
    + `${children.toLocaleString('en-GB')} children, ${links.toLocaleString('en-GB')} links`
    + `${body.edges.length > MAX_DRAWN_EDGES ? ` (the ${MAX_DRAWN_EDGES} strongest drawn)` : ''}.${sent}`;
  draw(body);
  const names = new Map(body.nodes.map((n) => [n.id, n]));
  const link = (id) => el('a', { href: names.get(id).url }, names.get(id).name);
  const nodes = document.querySelector('#network-nodes tbody');
  nodes.replaceChildren(...(body.nodes.length ? body.nodes.slice(0, 50).map((n) => el('tr', {},
    el('td', {}, link(n.id)), el('td', { class: 'num' }, n.degree), el('td', { class: 'num' }, n.strength),
    el('td', { class: 'num' }, n.betweenness.toFixed(3)))) : [el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'No links for this filter.'))]));
  const edgeRows = document.querySelector('#network-edges tbody');
  edgeRows.replaceChildren(...body.edges.slice(0, 50).map((e) => el('tr', {},
    el('td', {}, link(e.source), ' and ', link(e.target)), el('td', { class: 'num' }, e.weight),
    el('td', {}, how(e)))));
}
