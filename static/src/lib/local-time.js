// Times typed into <input type="datetime-local">, which holds whole minutes in the device's own
// zone. A field left as it was filled in means "now", and now is kept to the second: a sighting
// recorded at 14:10:47 and stored as 14:10:00 sorts below a report from 14:10:20, and a list of
// the newest few can leave it out.

/** The field's value for a moment: minutes, in the device's own zone. */
export function inputValue(date = new Date()) {
  const d = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

/** ISO time of what the field says: the exact moment it was filled in while it still shows
 * that moment, else the minute typed; null for an empty or unreadable value. */
export function chosenTime(value, { shown, at } = {}) {
  if (!value) return null;
  if (at && value === shown) return at.toISOString();
  const typed = new Date(value);
  return Number.isNaN(typed.getTime()) ? null : typed.toISOString();
}

/** Fills the field with now and returns a reader for chosenTime. */
export function nowField(input, at = new Date()) {
  const shown = inputValue(at);
  input.value = shown;
  return () => chosenTime(input.value, { shown, at });
}
