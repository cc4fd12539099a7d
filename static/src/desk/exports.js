// Exports: a deliberate act. A button opens a confirmation that says the export is audited;
// only "Export" sends the POST, and the answer is saved as a file.
import { csrf, ApiError } from '../lib/api.js';

const NAMES = { hotspots: 'hot spots', network: 'the network', placements: 'the homes table',
  disproportionality: 'the disproportionality tables' };

async function download(body) {
  const res = await fetch('/api/analysis/exports', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRFToken': await csrf() },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '')?.[1] || 'locate-export';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}

/** Wire every [data-export] button; `filterFor(view)` gives the view's current API filter. */
export function setUpExports(filterFor, say) {
  const dialog = document.getElementById('export-dialog');
  let pending = null;
  document.querySelectorAll('[data-export]').forEach((button) => {
    button.addEventListener('click', () => {
      const analysis = button.dataset.export;
      pending = { analysis, format: button.dataset.format, ...filterFor(analysis) };
      document.getElementById('export-what').textContent = `${NAMES[analysis]} as ${button.dataset.format.toUpperCase()}, with the filter on screen.`;
      dialog.showModal();
    });
  });
  dialog.addEventListener('close', async () => {
    if (dialog.returnValue !== 'confirm' || !pending) return;
    const body = pending;
    pending = null;
    try {
      say(`Saved ${await download(body)} (recorded in the audit log).`);
    } catch (err) {
      say(err.message, true);
    }
  });
}
