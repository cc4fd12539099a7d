// Lists of structured rows (phones, social media): one labelled group of inputs per item,
// add and remove buttons, and the rows read back as objects.
import { el } from '../map/util.js';

let serial = 0;

/**
 * A row list in `node`: `fields` is [[key, label, attrs]], `items` the parsed rows.
 * Returns { read() -> [{key: value}] } with rows whose every field is blank left out.
 */
export function rowList(node, { fields, items, noun, addLabel }) {
  const list = el('ul', { class: 'rows plain' });
  function addRow(values = {}) {
    const n = ++serial;
    const li = el('li', { class: 'row', dataset: { row: String(n) } });
    const group = el('fieldset', { class: 'row-fields' }, el('legend', { class: 'visually-hidden' }, `${noun} ${list.children.length + 1}`));
    for (const [key, label, attrs = {}] of fields) {
      const id = `${noun.replace(/\W+/g, '-').toLowerCase()}-${key}-${n}`;
      group.append(el('div', {}, el('label', { for: id }, label),
        el('input', { id, name: key, value: values[key] ?? '', autocomplete: 'off', ...attrs })));
    }
    const remove = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Remove this ${noun.toLowerCase()}` }, 'Remove');
    remove.addEventListener('click', () => li.remove());
    li.append(group, remove);
    list.append(li);
    return li;
  }
  items.forEach((item) => addRow(item));
  const add = el('button', { type: 'button', class: 'secondary' }, addLabel);
  add.addEventListener('click', () => addRow().querySelector('input')?.focus());
  node.replaceChildren(list, add);
  return {
    read: () => [...list.querySelectorAll('li.row')].map((li) => Object.fromEntries(
      [...li.querySelectorAll('input')].map((i) => [i.name, i.value.trim()])))
      .filter((row) => Object.values(row).some(Boolean)),
  };
}

/** Checkboxes for a vocabulary, plus any value the profile holds that the vocabulary lacks. */
export function checkboxList(node, { name, vocabulary, checked }) {
  const values = [...vocabulary, ...checked.filter((v) => !vocabulary.includes(v))];
  node.replaceChildren(...values.map((value, i) => {
    const id = `${name}-${i}`;
    return el('div', { class: 'check' },
      el('input', { type: 'checkbox', id, name, value, checked: checked.includes(value) }),
      el('label', { for: id }, value));
  }));
  return { read: () => [...node.querySelectorAll('input:checked')].map((i) => i.value) };
}
