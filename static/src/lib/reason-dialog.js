// "Why are you opening this record?" (DPA 2018 s.62), asked in a modal <dialog> when the
// server answers a read with 428: the reasons it offered as radios, or a few words of one's
// own. lib/api.js calls askReason() and retries the read with the answer; the server then
// holds that reason for the rest of the consultation (ACCESS_REASON_MINUTES), so the photo
// and live re-fetches that follow do not ask again. The same words and limits as the
// server-rendered picker (templates/web/episode/reason.html, domain/justification.py).

const WORDS_MIN = 3;
const WORDS_MAX = 200;
// Used when a 428 body carries no list (it always should): the picker still works by words.
const NO_REASONS = [];

let dialog = null;
let counter = 0;

function node(tag, attrs = {}, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') n.textContent = v;
    else n.setAttribute(k, v === true ? '' : v);
  }
  n.append(...children.filter(Boolean));
  return n;
}

function build() {
  const d = node('dialog', { class: 'reason-dialog', 'aria-labelledby': 'reason-dialog-title',
    'aria-describedby': 'reason-dialog-why' });
  const form = node('form', { method: 'dialog', class: 'reason-form', novalidate: true });
  form.append(
    node('h2', { id: 'reason-dialog-title', text: 'Say why you are opening this record' }),
    node('p', { id: 'reason-dialog-why', text: 'It is outside the episodes and tasks you work on. '
      + 'The law on police processing (Data Protection Act 2018, section 62) asks for the reason '
      + 'of each consultation; yours is written in the audit log with your name.' }),
    node('fieldset', {}, node('legend', { text: 'Why are you opening it?' }),
      node('div', { class: 'reason-choices' })),
    node('label', { for: 'reason-dialog-words', text: 'Or in a few words of your own' }),
    node('input', { id: 'reason-dialog-words', name: 'words', maxlength: String(WORDS_MAX),
      autocomplete: 'off', 'aria-describedby': 'reason-dialog-error' }),
    node('p', { id: 'reason-dialog-error', class: 'field-error', role: 'alert' }),
    node('div', { class: 'reason-buttons' },
      node('button', { type: 'button', class: 'reason-cancel', value: 'cancel', text: 'Cancel' }),
      node('button', { type: 'submit', class: 'primary', value: 'open', text: 'Open the record' })));
  d.append(form);
  document.body.append(d);
  return d;
}

function fillChoices(d, reasons) {
  const box = d.querySelector('.reason-choices');
  box.replaceChildren(...reasons.map(([value, label]) => {
    const id = `reason-dialog-r${++counter}`;
    return node('label', { class: 'choice', for: id },
      node('input', { type: 'radio', id, name: 'reason', value }), label);
  }));
  d.querySelector('fieldset').hidden = reasons.length === 0;
}

/** What the form says, or an error message: a few words win over a radio (as on the server). */
function readAnswer(d) {
  const words = d.querySelector('#reason-dialog-words').value.replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ').trim();
  if (words) {
    if (words.length < WORDS_MIN) return { error: `Say why in a few words (at least ${WORDS_MIN} characters), or pick one of the reasons.` };
    return { reason: words.slice(0, WORDS_MAX) };
  }
  const picked = d.querySelector('input[name="reason"]:checked');
  if (picked) return { reason: picked.value };
  return { error: 'Pick one of the reasons, or say why in a few words.' };
}

/**
 * Ask the person why they open the record. `body` is the 428 answer ({message, reasons:
 * [[value, label], ...]}); `problem` a message to show at once (the server refused the last
 * answer). Resolves with the reason to send (a reason's value or the words), or null when
 * they cancelled (the Cancel button or Escape).
 */
export function askReason(body, problem = '') {
  if (!dialog || !dialog.isConnected) dialog = build();
  const d = dialog;
  fillChoices(d, Array.isArray(body?.reasons) ? body.reasons : NO_REASONS);
  d.querySelector('#reason-dialog-words').value = '';
  const error = d.querySelector('#reason-dialog-error');
  error.textContent = problem;
  const before = document.activeElement;
  return new Promise((resolve) => {
    const form = d.querySelector('form');
    const finish = (answer) => {
      form.removeEventListener('submit', onSubmit);
      d.removeEventListener('cancel', onCancel);
      cancelButton.removeEventListener('click', onCancel);
      if (d.open) d.close();
      if (before && before.isConnected && typeof before.focus === 'function') before.focus();
      resolve(answer);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      const answer = readAnswer(d);
      if (answer.error) {
        error.textContent = answer.error;
        return;
      }
      finish(answer.reason);
    };
    const onCancel = (event) => {
      event.preventDefault();
      finish(null);
    };
    const cancelButton = d.querySelector('.reason-cancel');
    form.addEventListener('submit', onSubmit);
    d.addEventListener('cancel', onCancel); // Escape
    cancelButton.addEventListener('click', onCancel);
    d.showModal();
    (d.querySelector('input[name="reason"]') || d.querySelector('#reason-dialog-words')).focus();
  });
}
