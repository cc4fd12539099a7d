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

/** The children on the list now: id -> name as shown. */
function shown() {
  return new Map([...document.querySelectorAll('.carer-child')].map((li) => [
    li.dataset.childId, li.querySelector('h2')?.firstChild?.textContent?.trim() || 'A child']));
}

let refreshing = null;
/** Read the list again (an audited view, as the page itself), put it in place, and answer
 * the names of the children that came and went. */
async function refresh() {
  if (refreshing) return refreshing;
  refreshing = (async () => {
    const before = shown();
    try {
      const res = await fetch('/carer', { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (!res.ok) return { came: [], went: [] };
      const html = new DOMParser().parseFromString(await res.text(), 'text/html');
      const fresh = html.getElementById('carer-list');
      if (fresh) document.getElementById('carer-list').replaceWith(fresh);
      const after = shown();
      return { came: [...after].filter(([id]) => !before.has(id)).map(([, name]) => name),
        went: [...before].filter(([id]) => !after.has(id)).map(([, name]) => name) };
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

// Neither event names the child (the old carers may no longer read it): the list, read
// afresh, says which child came or went, by the name this page already showed.
feed.on('child.transferred', async () => {
  const { came } = await refresh();
  for (const name of came) notice(`${name} has moved to your placement: their profile is now on your list.`);
});

feed.on('child.left', async () => {
  const { went } = await refresh();
  for (const name of went) notice(`${name} has moved to another placement: you no longer see their record.`);
});

feed.position.reset(page.dataset.cursor);
feed.start();
page.dataset.live = '1';
