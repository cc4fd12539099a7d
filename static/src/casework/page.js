// Shared by the casework pages (escalations, found, interview, grading outcome): the page's
// configuration, display names, errors shown beside the form, and times shown in words.
export function pageConfig(id) {
  const root = document.getElementById(id);
  return { root, config: JSON.parse(root?.dataset.config || '{}') };
}

export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** <option>s (or radio choices) from [[value, display name], ...]. */
export function fillSelect(select, pairs, { blank = 'Choose…' } = {}) {
  select.replaceChildren(new Option(blank, ''), ...pairs.map(([v, n]) => new Option(n, v)));
}

export function fillRadios(box, name, pairs) {
  box.replaceChildren(...pairs.map(([value, text]) => {
    const label = document.createElement('label');
    label.className = 'choice';
    const input = document.createElement('input');
    Object.assign(input, { type: 'radio', name, value, required: true });
    label.append(input, ` ${text}`);
    return label;
  }));
}

export function nameOf(pairs, value) {
  return (pairs || []).find(([v]) => v === value)?.[1] || String(value ?? '').replace(/_/g, ' ');
}

export function showError(node, err) {
  node.textContent = err ? (err.message || String(err)) : '';
  node.hidden = !err;
  if (err) node.focus?.();
}

export function timeText(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
