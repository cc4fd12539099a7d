// Pure pieces of the grading page: which answers to send, whether the chosen grade is below
// the suggestion, and when the next review would fall due. The grading rule itself is not
// here: the page asks POST /api/episodes/<id>/grading/suggest, so it exists once, in Python.

const SOURCE = ['who', 'contact', 'obtained_at'];

/** A datetime-local value ("2026-12-01T13:05") read in the browser's zone, as ISO with zone. */
export function localToIso(value) {
  if (!value) return null;
  const when = new Date(value);
  return Number.isNaN(when.getTime()) ? null : when.toISOString();
}

/** An ISO time as a datetime-local value in the browser's zone. */
export function isoToLocal(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The answers to send: each question answered on the page, its own source where given,
 * else the default source. Answers identical to those already on record are left out, so an
 * older answer (recorded before sources were complete) is not re-sent as if new.
 * `rows` is [{key, answer, who, contact, obtained_at, note}] as read from the form.
 */
export function answersToSend(rows, defaults, initial = {}) {
  const out = {};
  for (const row of rows) {
    if (!row.answer) continue;
    const answer = { answer: row.answer, note: row.note || null };
    for (const field of SOURCE) answer[field] = row[field] || defaults[field] || null;
    const before = initial[row.key];
    const same = before && before.answer === answer.answer && (before.note || null) === answer.note
      && SOURCE.every((f) => (before[f] || null) === answer[f]);
    if (!same) out[row.key] = answer;
  }
  return out;
}

/** Just the yes/no/unknown of each answered question (what the suggestion needs). */
export function answerValues(rows) {
  return Object.fromEntries(rows.filter((r) => r.answer).map((r) => [r.key, { answer: r.answer }]));
}

/** True when `grade` is lower than `suggested` in the grades' order (lowest first). */
export function isBelow(grade, suggested, order) {
  if (!grade || !suggested) return false;
  return order.indexOf(grade) < order.indexOf(suggested);
}

/** When a grade given now would next be reviewed (the force's minutes per grade). */
export function dueIfSaved(grade, reviewMinutes, now = new Date()) {
  const minutes = reviewMinutes[grade];
  return minutes > 0 ? new Date(now.getTime() + minutes * 60000) : null;
}
