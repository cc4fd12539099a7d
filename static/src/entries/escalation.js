// The carer's escalation form (/escalations/new?episode=) and the escalation with its
// timeline (/escalations/<id>), live: the decision appears as soon as it is recorded, and the
// inspector's decision form is on the same page.
import { api } from '../lib/api.js';
import { LiveFeed } from '../lib/live.js';
import { escapeHtml, fillRadios, fillSelect, nameOf, pageConfig, showError, timeText } from '../casework/page.js';

const STEP_WORDS = { raised: 'Raised', notified: 'Told at once', escalated: 'Sent up to a senior officer', decided: 'Decided' };
const OUTCOME_WORDS = { upheld: 'Upheld', partly_upheld: 'Partly upheld', not_upheld: 'Not upheld' };

function newForm() {
  const { config } = pageConfig('escalation-new');
  const form = document.getElementById('escalation-form');
  fillSelect(document.getElementById('subject'), config.subjects);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = document.getElementById('form-error');
    const subject = document.getElementById('subject').value;
    const reason = document.getElementById('reason').value.trim();
    if (!subject || !reason) { showError(error, new Error('Say what you disagree with and why.')); return; }
    try {
      const made = await api('/api/escalations', { method: 'POST', body: { episode_id: config.episode_id, subject, reason } });
      window.location.assign(`/escalations/${made.id}`);
    } catch (err) { showError(error, err); }
  });
}

function draw(config, esc) {
  const decidable = esc.status !== 'resolved' && ((esc.direction === 'carer_to_police' && config.can_respond
    && (esc.level !== 'senior' || config.role === 'admin')) || (esc.direction !== 'carer_to_police' && config.can_answer));
  document.getElementById('esc-title').textContent = esc.direction === 'carer_to_police'
    ? 'A carer disagrees with a police decision' : 'Police concern about the placement';
  const status = esc.status === 'resolved' ? `Decided: ${OUTCOME_WORDS[esc.outcome]}`
    : `Open, with ${esc.level === 'senior' ? 'a senior officer' : 'the duty inspector'}${esc.decide_by ? `; decision due by ${timeText(esc.decide_by)}` : ''}`;
  const line = document.getElementById('esc-status');
  line.textContent = status;
  line.dataset.status = esc.status;
  document.getElementById('esc-episode').textContent = esc.episode_reference || '';
  document.getElementById('esc-child').textContent = esc.child_name || '';
  document.getElementById('esc-subject').textContent = nameOf(config.subjects, esc.subject);
  document.getElementById('esc-raised').textContent = `${esc.raised_by_name || ''}, ${timeText(esc.raised_at)}`;
  document.getElementById('esc-reason').textContent = esc.reason;
  document.getElementById('esc-decision').hidden = esc.status !== 'resolved';
  document.getElementById('esc-outcome').textContent = esc.outcome
    ? `${OUTCOME_WORDS[esc.outcome]}, by ${esc.decided_by_name || ''} at ${timeText(esc.resolved_at)}` : '';
  document.getElementById('esc-response').textContent = esc.response || '';
  document.getElementById('esc-steps').innerHTML = esc.steps.map((s) => `<li class="step step-${s.step}">
    <strong>${STEP_WORDS[s.step]}</strong> <time datetime="${escapeHtml(s.at)}">${escapeHtml(timeText(s.at))}</time>
    ${s.actor_name ? `<span> by ${escapeHtml(s.actor_name)}</span>` : ''}${s.told.length ? `<span class="muted">: ${s.told.map((t) => escapeHtml(t.name)).join(', ')}</span>` : ''}
    ${s.step === 'decided' ? '' : (s.note ? `<div class="muted small">${escapeHtml(s.note)}</div>` : '')}</li>`).join('');
  document.getElementById('decision-form').hidden = !decidable;
}

async function view() {
  const { root, config } = pageConfig('escalation-view');
  fillRadios(document.getElementById('outcomes'), 'outcome', config.outcomes);
  const feed = new LiveFeed();
  await feed.mark();
  let current = await api(`/api/escalations/${config.escalation_id}`);
  draw(config, current);
  feed.on('escalation.*', (event) => {
    const esc = event.payload.escalation;
    if (esc.id !== config.escalation_id) return;
    current = { ...esc, child_name: current.child_name };
    draw(config, current);
  });
  feed.start();
  document.getElementById('decision-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const error = document.getElementById('decision-error');
    const outcome = document.querySelector('input[name="outcome"]:checked')?.value;
    const reasons = document.getElementById('reasons').value.trim();
    if (!outcome || !reasons) { showError(error, new Error('Choose an outcome and write the reasons.')); return; }
    try {
      const decided = await api(`/api/escalations/${config.escalation_id}/decision`, { method: 'POST', body: { outcome, reasons } });
      current = { ...decided, child_name: current.child_name };
      showError(error, null);
      draw(config, current);
    } catch (err) { showError(error, err); }
  });
  root.dataset.ready = '1';
}

if (document.getElementById('escalation-new')) newForm();
if (document.getElementById('escalation-view')) view().catch((err) => showError(document.getElementById('esc-status'), err));
