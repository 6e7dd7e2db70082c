// Dates as Vietnamese readers write them, dd/mm/yyyy, whatever the browser's locale: shown that way,
// typed that way (a text field with a mask, never <input type=date>, whose display follows the locale).

const pad = (value) => String(value).padStart(2, '0');

/** "2025-07-01" (or an ISO timestamp's date part) → "01/07/2025"; '' for nothing. */
export function displayDate(iso) {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/u.exec(String(iso));
  return match ? `${match[3]}/${match[2]}/${match[1]}` : String(iso);
}

/** An ISO timestamp in the reader's time zone: "25/11/2026 14:05". */
export function displayTimestamp(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The reader's date of an ISO timestamp: "25/11/2026". */
export function displayDay(iso) {
  return displayTimestamp(iso).slice(0, 10);
}

/** "01/06/2024" → "2024-06-01"; '' for an empty text; null when it is not a real date. */
export function parseDisplayDate(text) {
  const value = String(text).trim();
  if (value === '') return '';
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/u.exec(value);
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** What is typed becomes dd/mm/yyyy as it is typed: "01062024" → "01/06/2024"; "1/7/2025" stays as typed. */
function masked(text) {
  const parts = [''];
  for (const character of text) {
    const last = parts.length - 1;
    if (character === '/') {
      if (parts[last] !== '' && last < 2) parts.push('');
    } else if (/\d/u.test(character)) {
      if (last < 2 && parts[last].length === 2) parts.push(character);
      else if (last < 2 || parts[last].length < 4) parts[last] += character;
    }
  }
  return parts.join('/');
}

/**
 * A text input as a dd/mm/yyyy date field: masked while typing, checked when it changes (Enter or
 * leaving the field), `onChange(iso)` called with the ISO date ('' when emptied) only for a valid
 * value; an invalid one is marked (aria-invalid) and explained in the element named by `errorId`.
 * Returns { value(): iso or '', set(iso) }.
 */
export function dateField(input, { onChange, errorId } = {}) {
  let current = parseDisplayDate(input.value) || '';
  const error = errorId ? document.getElementById(errorId) : null;
  input.setAttribute('inputmode', 'numeric');
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('maxlength', '10');
  if (!input.placeholder) input.placeholder = 'dd/mm/yyyy';
  const show = (message) => {
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    if (error) error.textContent = message;
  };
  input.addEventListener('input', (event) => {
    if (event.inputType && event.inputType.startsWith('delete')) return;
    const value = masked(input.value);
    if (value !== input.value) input.value = value;
  });
  const commit = () => {
    const iso = parseDisplayDate(input.value);
    if (iso === null) {
      show('Ngày không hợp lệ — nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025.');
      return;
    }
    show('');
    input.value = displayDate(iso);
    if (iso !== current) {
      current = iso;
      onChange?.(iso);
    }
  };
  input.addEventListener('change', commit);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    }
  });
  return {
    value: () => current,
    set(iso) {
      current = iso || '';
      input.value = displayDate(current);
      show('');
    },
  };
}
