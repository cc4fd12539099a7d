// The carer's children list (/carer), live: a child transferred to this organisation appears
// without a reload, and one that left it goes, with a word about it. The page was read after
// the feed's mark the server put in data-cursor, so catching up from it misses nothing.
import { LiveFeed } from '../lib/live.js';

const page = document.getElementById('carer-page');
const notices = document.getElementById('live-notices');
const feed = new LiveFeed();

function notice(text) {
  const p = document.createElement('p');
  p.className = 'carer-notice';
  p.dataset.notice = 'live';
  p.textContent = text;
  notices.append(p);
}

let refreshing = null;
/** Read the list again (an audited view, as the page itself) and put it in place. */
async function refresh() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    try {
      const res = await fetch('/carer', { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!res.ok) return;
      const html = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = html.getElementById('carer-list');
      if (fresh) document.getElementById('carer-list').replaceWith(fresh);
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

// Into this organisation (the event reaches a carer only then): the new child, read afresh.
feed.on('child.transferred', async (event) => {
  const known = document.querySelector(`.carer-child[data-child-id="${event.payload.child_id}"]`);
  await refresh();
  if (!known) notice('A child has moved to your placement: their profile is now on your list.');
});

// Out of it: the bare notice carries the child's id alone; the name is the one already shown.
feed.on('child.left', (event) => {
  const item = document.querySelector(`.carer-child[data-child-id="${event.payload.child_id}"]`);
  if (!item) return;
  const name = item.querySelector('h2')?.firstChild?.textContent?.trim() || 'A child';
  item.remove();
  notice(`${name} has moved to another placement: you no longer see their record.`);
});

feed.position.reset(page.dataset.cursor);
feed.start();
page.dataset.live = '1';
