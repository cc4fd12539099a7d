// A sighting with a photo leaves the outbox in two requests: the sighting (JSON, so the
// sergeant sees it at once even if the photo takes minutes on a poor signal), then the photo
// to the id the server gave it. The item stays in the outbox until both have been answered;
// the server id is kept on the item, so a send cut off between the two resumes at the photo.
import { dropPhoto, heldPhoto } from './photo.js';
import { update } from './outbox.js';
import { keeps, request } from './sync.js';

const ok = (status) => status >= 200 && status < 300;

export async function sendSighting(item) {
  if (!item.meta.sightingId) {
    const answer = await request({ url: item.url, method: item.method, json: item.body });
    if (!ok(answer.status) || !item.meta.hasPhoto) return answer;
    item.meta.sightingId = answer.body.id;
    item.meta.sighting = answer.body;
    await update(item);
  }
  const held = await heldPhoto(item.client_id);
  // Nothing held (the phone's storage was cleared): the sighting itself is safe.
  if (!held) return { status: 200, body: item.meta.sighting };
  const form = new FormData();
  form.append('photo', held.blob, `sighting-${item.client_id}.jpg`);
  const answer = await request({ url: `/api/sightings/${item.meta.sightingId}/photo`, form });
  if (ok(answer.status)) await dropPhoto(item.client_id);
  else if (!keeps(answer.status)) answer.photoRefused = true; // kept until the officer reads why
  return answer;
}
