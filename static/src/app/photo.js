// Photos taken on the phone are shrunk before they are kept or sent: the longest side to
// 1280 px, JPEG at quality 0.8 (a few hundred KB instead of several MB on a poor signal).
// Drawing onto a canvas also drops the camera's EXIF metadata, GPS included.
import { db } from './db.js';

export const MAX_SIDE = 1280;

export async function resizePhoto(file, maxSide = MAX_SIDE, quality = 0.8) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.round(bitmap.width * scale);
  const height = Math.round(bitmap.height * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d').drawImage(bitmap, 0, 0, width, height);
  bitmap.close?.();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  return { blob, width, height };
}

/** Keep a sighting's photo on the phone, under the sighting's client id. */
export async function holdPhoto(clientId, episodeId, photo) {
  await (await db()).put('photos', { client_id: clientId, episode_id: episodeId,
    blob: photo.blob, width: photo.width, height: photo.height, taken_at: new Date().toISOString() });
}

/** The photo held for a sighting, or undefined. */
export async function heldPhoto(clientId) {
  return (await db()).get('photos', clientId);
}

/** Forget a held photo: it reached the server, or the officer dismissed its refusal. */
export async function dropPhoto(clientId) {
  await (await db()).delete('photos', clientId);
}
