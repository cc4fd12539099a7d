// Position fixes kept while out of signal go back as one request, not one each: a shift in a
// dead spot is hundreds of fixes, and a sighting recorded after them must not wait behind
// hundreds of round trips on a weak signal. Only fixes next to each other in the outbox are
// joined, so a fix never overtakes the going off duty that followed it.
export const MAX_BATCH = 200; // the server takes up to 500

/** The items to send together from `start`: a run of position fixes, or one item. */
export function runOf(items, start, max = MAX_BATCH) {
  const first = items[start];
  if (first.kind !== 'position') return [first];
  let end = start + 1;
  while (end < items.length && end - start < max && items[end].kind === 'position') end += 1;
  return items.slice(start, end);
}

/** The request for a run of more than one fix. */
export function batchRequest(run) {
  return { url: '/api/me/positions/batch', method: 'POST', json: { fixes: run.map((item) => item.body) } };
}
