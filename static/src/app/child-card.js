// The child's card: the Philomena profile as an officer needs it on the street. Opening it
// with signal is audited on the server; without signal the copy kept on this phone shows.
import { escapeHtml, label } from './config.js';
import { loadChild } from './child-store.js';
import { showChanges } from './profile-changes.js';

function list(items, fmt = (x) => escapeHtml(typeof x === 'string' ? x : Object.values(x || {}).join(': '))) {
  return items?.length ? `<ul class="plain">${items.map((x) => `<li>${fmt(x)}</li>`).join('')}</ul>` : '<p class="muted">None recorded.</p>';
}

function row(name, value) {
  return value ? `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>` : '';
}

// Numbers and handles are strings ("07700 900123 (mobile)", "Snapchat: jade123"); older
// records hold them as {number, label} and {platform, handle}: shown the same way.
export function phoneText(entry) {
  if (entry && typeof entry === 'object') return [entry.number, entry.label && `(${entry.label})`].filter(Boolean).join(' ');
  return String(entry ?? '');
}

export function socialText(entry) {
  if (entry && typeof entry === 'object') return [entry.platform, entry.handle].filter(Boolean).join(': ');
  return String(entry ?? '');
}

function phoneLink(entry) {
  const text = phoneText(entry);
  const number = (typeof entry === 'object' && entry?.number) || text.replace(/\(.*\)/, '');
  return `<a href="tel:${escapeHtml(number.replace(/[^+\d]/g, ''))}">${escapeHtml(text)}</a>`;
}

/** "Found here once", "Found here 3 times". */
export function foundHere(n) {
  return n === 1 ? 'Found here once' : `Found here ${n} times`;
}

export async function render(screen, { params }) {
  const id = Number(params[0]);
  screen.innerHTML = '<p class="muted">Opening the child\'s card…</p>';
  let child;
  try {
    child = await loadChild(id);
  } catch (err) {
    screen.innerHTML = `<h1>Child</h1><p>${escapeHtml(err.message)}</p>`;
    return () => {};
  }
  if (!child) {
    screen.innerHTML = '<h1>Child</h1><p>This card has not been opened on this phone before and there is no signal to fetch it.</p>';
    return () => {};
  }
  const c = child.card;
  const p = c.profile || {};
  const name = `${p.first_name || ''} ${p.last_name || ''}`.trim();
  document.title = `${name} · LOCATE`;
  const open = (c.episodes || []).find((e) => e.status === 'open');
  const places = c.places?.features || [];
  const facts = [row('Height', p.height_cm && `${p.height_cm} cm`), row('Build', p.build), row('Hair', p.hair),
    row('Eyes', p.eyes), row('Ethnicity', p.ethnicity), row('Distinguishing features', p.distinguishing_features)].join('');
  screen.innerHTML = `
    <p class="crumbs"><a href="/app" data-back>Back</a></p>
    <div class="child-head">
      ${child.photo ? `<img class="child-photo" src="${child.photo}" alt="Photo of ${escapeHtml(name)}" width="150" height="190">` : '<div class="no-photo big" role="img" aria-label="No photo">No photo</div>'}
      <div>
        <h1>${escapeHtml(name)}</h1>
        ${p.known_as ? `<p>Known as <strong>${escapeHtml(p.known_as)}</strong></p>` : ''}
        <p>${escapeHtml(c.age)} years · ${escapeHtml(label(p.sex))}</p>
        ${open ? `<p class="tag tag-risk risk-${escapeHtml(open.risk_grade || 'ungraded')}">Missing now · ${escapeHtml(open.risk_grade ? label(open.risk_grade).replace('No apparent risk', 'no apparent') : 'not graded')} risk</p>` : ''}
        ${child.fresh ? '' : '<p class="muted">No signal: the copy kept on this phone.</p>'}
      </div>
    </div>
    <h2>Since the last episode</h2>
    <div data-part="changes"><p class="muted">Checking what changed…</p></div>
    <h2>Description</h2>
    ${facts ? `<dl class="facts">${facts}</dl>` : ''}
    ${p.description ? `<p>${escapeHtml(p.description)}</p>` : ''}
    ${!facts && !p.description ? '<p class="muted">No description recorded.</p>' : ''}
    <h2>Vulnerabilities and medical needs</h2>
    ${list(p.vulnerabilities)}
    ${p.medical_needs ? `<p><strong>Medical:</strong> ${escapeHtml(p.medical_needs)}</p>` : ''}
    ${p.exploitation_indicators?.length ? `<h3>Exploitation indicators</h3>${list(p.exploitation_indicators)}` : ''}
    <h2>Phones and social media</h2>
    <div data-part="phones">${list(p.phones, phoneLink)}</div>
    ${p.social_media?.length ? `<div data-part="social">${list(p.social_media, (x) => escapeHtml(socialText(x)))}</div>` : ''}
    <h2>Associates</h2>
    ${list(c.associates, (a) => `<strong>${escapeHtml(a.name)}</strong> · ${escapeHtml(a.relationship)}${a.age_estimate ? `, about ${escapeHtml(a.age_estimate)}` : ''}${a.phone ? ` · ${phoneLink(a.phone)}` : ''}${a.address ? `<br>${escapeHtml(a.address)}` : ''}${a.concern ? `<br><em>${escapeHtml(a.concern)}</em>` : ''}`)}
    <h2>Places the child goes</h2>
    ${list(places, (f) => `<strong>${escapeHtml(f.properties.name || label(f.properties.kind))}</strong> · ${escapeHtml(label(f.properties.kind))}${f.properties.address ? `<br>${escapeHtml(f.properties.address)}` : ''}${f.properties.times_found_here ? `<br>${escapeHtml(foundHere(f.properties.times_found_here))}` : ''}`)}
    <h2>Placement</h2>
    <dl class="facts">${row('Type', label(p.placement_type))}${row('Address', p.placement_address)}${row('Transport used', p.transport_used)}</dl>
    ${p.missing_history ? `<h2>Missing history</h2><p>${escapeHtml(p.missing_history)}</p>` : ''}`;
  screen.querySelector('[data-back]')?.addEventListener('click', (e) => { e.preventDefault(); history.back(); });
  screen.dataset.ready = '1';
  showChanges(screen.querySelector('[data-part="changes"]'), id);
  return () => { if (child.photo) URL.revokeObjectURL(child.photo); };
}
