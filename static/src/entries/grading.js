// The grading page: the suggestion follows the answers (asked of the server, where the one
// rule lives), a grade below it asks for a written reason, and saving records a review that
// confirms or regrades. What is on record is drawn by the server, above the questions.
import { api } from '../lib/api.js';
import { answersToSend, answerValues, dueIfSaved, isBelow, isoToLocal, localToIso } from '../grading/answers.js';

const root = document.getElementById('grading');
const config = JSON.parse(root.dataset.config);
const episodeId = config.episode.id;
const order = config.grades.map((g) => g.value);
const labels = Object.fromEntries(config.grades.map((g) => [g.value, g.label]));
const form = document.getElementById('grade-form');
const $ = (id) => document.getElementById(id);
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: config.timezone, weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit',
});
const fmt = (iso) => (iso ? clock.format(new Date(iso)) : '');
let current = config.episode.risk_grade;
let suggestion = config.suggestion;
let initial = config.answers;

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function questions() {
  return [...form.querySelectorAll('fieldset.question')];
}

function rows() {
  return questions().map((fs) => ({
    key: fs.dataset.question,
    answer: fs.querySelector('input[type=radio]:checked')?.value || '',
    who: fs.querySelector('[name=who]').value.trim(),
    contact: fs.querySelector('[name=contact]').value.trim(),
    obtained_at: localToIso(fs.querySelector('[name=obtained_at]').value),
    note: fs.querySelector('[name=note]').value.trim(),
  }));
}

function defaults() {
  return { who: $('default-who').value.trim(), contact: $('default-contact').value.trim(),
    obtained_at: localToIso($('default-when').value) };
}

function fillAnswers(answers) {
  for (const fs of questions()) {
    const a = answers[fs.dataset.question];
    if (!a) continue;
    const radio = fs.querySelector(`input[value="${a.answer}"]`);
    if (radio) radio.checked = true;
    fs.querySelector('[name=who]').value = a.who || '';
    fs.querySelector('[name=contact]').value = a.contact || '';
    fs.querySelector('[name=obtained_at]').value = isoToLocal(a.obtained_at);
    fs.querySelector('[name=note]').value = a.note || '';
  }
}

function chosen() {
  return form.querySelector('input[name=grade]:checked')?.value || null;
}

function renderSuggestion() {
  const badge = $('suggested-grade');
  badge.textContent = suggestion.label;
  badge.className = `badge grade-${suggestion.grade}`;
  const list = $('suggestion-reasons');
  list.replaceChildren(...(suggestion.reasons.length ? suggestion.reasons.map((r) => el('li',
    { className: `reason grade-${r.grade}` },
    el('span', { className: `badge grade-${r.grade}`, textContent: labels[r.grade] }),
    el('span', { textContent: r.text }),
    el('span', { className: 'muted small', textContent: ` (${r.source.startsWith('record:') ? 'on record' : r.source === 'combination' ? 'answers together' : 'answer'})` }),
  )) : [el('li', { className: 'muted', textContent: 'No risk factor recorded yet.' })]));
  renderDecision();
}

function renderDecision() {
  const grade = chosen();
  const below = isBelow(grade, suggestion.grade, order);
  $('below-block').hidden = !below;
  $('below-rationale').required = below;
  const due = dueIfSaved(grade, config.review_minutes);
  $('due-if-saved').textContent = due ? `If saved now, the next review is due ${clock.format(due)}.` : '';
  $('save').textContent = !grade ? 'Save' : grade === current ? `Confirm ${labels[grade]}` : `Regrade to ${labels[grade]}`;
}

let timer = null;
let asked = 0;
function refreshSuggestion() {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const mine = ++asked;
    try {
      const answer = await api(`/api/episodes/${episodeId}/grading/suggest`, { method: 'POST', body: { answers: answerValues(rows()) } });
      if (mine === asked) { suggestion = answer; renderSuggestion(); }
    } catch (err) {
      showError(`The suggestion could not be updated: ${err.message}`);
    }
  }, 200);
}

function showError(message) {
  $('form-error').textContent = message;
  $('form-error').hidden = !message;
}

function kindLabel(kind) {
  return { report: 'Graded with the report', assessment: 'Graded again', confirmed: 'Review: confirmed', regraded: 'Review: regraded' }[kind] || kind;
}

async function loadHistory() {
  const history = await api(`/api/episodes/${episodeId}/risk-assessments`);
  $('history').dataset.loaded = '1';
  if (!history.length) {
    $('history').replaceChildren(el('li', { className: 'muted', textContent: 'No assessment recorded yet.' }));
    return;
  }
  $('history').replaceChildren(...history.map((h) => el('li', { className: 'history-item' },
    el('p', {},
      el('span', { className: `badge grade-${h.grade}`, textContent: labels[h.grade] }),
      el('strong', { textContent: kindLabel(h.kind) }),
      el('span', { className: 'muted', textContent: ` · ${h.assessor_name} (${h.assessor_role}) · ${fmt(h.assessed_at)}` })),
    el('p', { textContent: h.rationale }),
    h.suggested_grade ? el('p', { className: 'muted small', textContent: `Suggested ${labels[h.suggested_grade]}${h.suggestion_reasons.length ? `: ${h.suggestion_reasons.map((r) => r.text).join(' ')}` : ''}` }) : null,
    h.below_suggestion_rationale ? el('p', { className: 'below', textContent: `Below the suggestion because: ${h.below_suggestion_rationale}` }) : null,
    el('p', { className: 'muted small', textContent: `Next review due ${fmt(h.next_review_due)}` }),
  )));
}

form.addEventListener('change', (event) => {
  if (event.target.name?.startsWith('q-')) refreshSuggestion();
  if (event.target.name === 'grade') renderDecision();
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  showError('');
  const grade = chosen();
  const rationale = $('rationale').value.trim();
  const below = $('below-rationale').value.trim();
  if (!grade) return showError('Choose a grade.');
  if (!rationale) { $('rationale').focus(); return showError('Write why this grade: a review records its rationale.'); }
  if (isBelow(grade, suggestion.grade, order) && !below) {
    $('below-rationale').focus();
    return showError(`${labels[grade]} is lower than the suggested ${suggestion.label}: write why.`);
  }
  const body = { decision: grade === current ? 'confirm' : 'regrade', rationale,
    answers: answersToSend(rows(), defaults(), initial) };
  if (body.decision === 'regrade') body.grade = grade;
  if (below) body.below_suggestion_rationale = below;
  $('save').disabled = true;
  try {
    const saved = await api(`/api/episodes/${episodeId}/reviews`, { method: 'POST', body });
    current = saved.grade;
    initial = saved.answers;
    suggestion = { grade: saved.suggested_grade, label: labels[saved.suggested_grade], reasons: saved.suggestion_reasons };
    $('current-grade').textContent = labels[current];
    $('current-grade').className = `badge grade-${current}`;
    $('next-due').textContent = `Review due ${fmt(saved.next_review_due)}`;
    $('next-due').className = '';
    for (const option of form.querySelectorAll('input[name=grade]')) {
      option.nextElementSibling.textContent = labels[option.value] + (option.value === current ? ' (current)' : '');
    }
    $('rationale').value = '';
    $('below-rationale').value = '';
    $('form-done').textContent = `${body.decision === 'confirm' ? 'Confirmed' : 'Regraded to'} ${labels[current]}. Next review due ${fmt(saved.next_review_due)}.`;
    $('form-done').hidden = false;
    renderSuggestion();
    await loadHistory();
  } catch (err) {
    showError(err.message);
  } finally {
    $('save').disabled = config.episode.status !== 'open';
  }
});

$('default-when').value = isoToLocal(new Date().toISOString());
fillAnswers(initial);
renderSuggestion();
loadHistory().catch((err) => showError(`The history could not be loaded: ${err.message}`));
