// Phones and social media are kept as strings ("07700 900123 (mobile)", "Snapchat: jade123"),
// the form the API takes and every page shows; older records hold {number, label} and
// {platform, handle}. The edit page works on structured rows and writes the strings back, so
// nothing ever shows as "[object Object]".

/** {number, label} from a stored phone entry of either shape. */
export function parsePhone(entry) {
  if (entry && typeof entry === 'object') return { number: String(entry.number ?? ''), label: String(entry.label ?? '') };
  const text = String(entry ?? '').trim();
  const m = text.match(/^(.*?)\s*\(([^()]*)\)\s*$/);
  return m ? { number: m[1].trim(), label: m[2].trim() } : { number: text, label: '' };
}

export function formatPhone({ number, label }) {
  const n = String(number ?? '').trim();
  const l = String(label ?? '').trim();
  return n && l ? `${n} (${l})` : n;
}

/** {platform, handle} from a stored social media entry of either shape. */
export function parseSocial(entry) {
  if (entry && typeof entry === 'object') return { platform: String(entry.platform ?? ''), handle: String(entry.handle ?? '') };
  const text = String(entry ?? '').trim();
  const at = text.indexOf(': ');
  return at > 0 ? { platform: text.slice(0, at).trim(), handle: text.slice(at + 2).trim() } : { platform: '', handle: text };
}

export function formatSocial({ platform, handle }) {
  const p = String(platform ?? '').trim();
  const h = String(handle ?? '').trim();
  return p && h ? `${p}: ${h}` : h;
}
