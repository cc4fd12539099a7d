// When a step was done and when the server heard of it. A phone out of signal keeps the step
// and sends it later: the board says "Completed Tue 09:26, received 09:51 (sent late)" so a
// sergeant reading the record knows the time is the officer's, not the sync's.
import { clock } from './util.js';

export const LATE_S = 120; // a step that took longer than this to arrive is flagged

/** Seconds between doing and arriving (0 when one of the two is unknown). */
export function lateness(actedAt, receivedAt) {
  if (!actedAt || !receivedAt) return 0;
  return Math.max(0, (Date.parse(receivedAt) - Date.parse(actedAt)) / 1000);
}

const timeOnly = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "Completed Tue 09:26" or "Completed Tue 09:26, received 09:51 (sent late)". */
export function whenDone(verb, actedAt, receivedAt) {
  if (!actedAt) return '';
  const late = lateness(actedAt, receivedAt) > LATE_S;
  return `${verb} ${clock(actedAt)}${late ? `, received ${timeOnly.format(new Date(receivedAt))} (sent late)` : ''}`;
}
