// A list of legal references checked as they are typed (GET /api/references/check): a reference
// that resolves shows its official label and is added in that form; one that does not shows the
// nearest provisions to pick from. Used by the trainers' editor for an item and for each guide step.
import { apiJson } from './api.js';
import { escapeHtml } from './panel.js';

let counter = 0;

/**
 * Builds the editor in `container`. `onChange(labels)` is called when the list changes.
 * Returns { values(): string[], set(labels: string[]) }.
 */
export function basisEditor(container, { label = 'Thêm căn cứ', onChange } = {}) {
  const id = `basis-${++counter}`;
  container.classList.add('basis');
  container.innerHTML = `
    <ul class="basis-list" aria-label="Căn cứ đã thêm"></ul>
    <label for="${id}-input">${escapeHtml(label)}</label>
    <div class="basis-entry">
      <input id="${id}-input" autocomplete="off" spellcheck="false" placeholder="Ví dụ: khoản 1 điều 20 luật thanh tra 2025" aria-describedby="${id}-check">
      <button type="button" data-add disabled>Thêm</button>
    </div>
    <p id="${id}-check" class="basis-check" aria-live="polite"></p>
    <ul class="suggestions" aria-label="Gợi ý điều khoản"></ul>`;
  const input = container.querySelector('input');
  const addButton = container.querySelector('[data-add]');
  const check = container.querySelector('.basis-check');
  const suggestions = container.querySelector('.suggestions');
  const list = container.querySelector('.basis-list');
  let labels = [];
  let found = null;
  let timer;
  let run = 0;

  function renderList() {
    list.innerHTML = labels
      .map((value, index) => `<li><span>${escapeHtml(value)}</span><button type="button" class="icon" data-remove="${index}" aria-label="Bỏ căn cứ: ${escapeHtml(value)}">✕</button></li>`)
      .join('');
    list.querySelectorAll('[data-remove]').forEach((button) =>
      button.addEventListener('click', () => {
        labels.splice(Number(button.dataset.remove), 1);
        renderList();
        onChange?.(labels.slice());
        input.focus();
      }),
    );
  }

  function add(value) {
    if (!value) return;
    if (!labels.includes(value)) labels.push(value);
    renderList();
    onChange?.(labels.slice());
    input.value = '';
    found = null;
    addButton.disabled = true;
    check.className = 'basis-check found';
    check.textContent = `Đã thêm: ${value}`;
    suggestions.replaceChildren();
    input.focus();
  }

  async function runCheck() {
    const reference = input.value.trim();
    const mine = ++run;
    found = null;
    addButton.disabled = true;
    suggestions.replaceChildren();
    if (!reference) {
      check.textContent = '';
      return;
    }
    check.className = 'basis-check';
    check.textContent = 'Đang kiểm tra…';
    let result;
    try {
      result = await apiJson(`/api/references/check?ref=${encodeURIComponent(reference)}`);
    } catch (error) {
      if (mine === run) check.textContent = error.message;
      return;
    }
    if (mine !== run) return;
    if (result.found) {
      found = result.label;
      addButton.disabled = false;
      check.className = 'basis-check found';
      check.textContent = `✓ Tìm thấy: ${result.label}`;
    } else {
      check.className = 'basis-check missing';
      check.textContent = result.suggestions.length > 0 ? '✗ Không tìm thấy điều khoản này. Có phải là:' : '✗ Không tìm thấy điều khoản này trong kho văn bản.';
      suggestions.innerHTML = result.suggestions
        .slice(0, 6)
        .map((s) => `<li><button type="button" data-suggestion="${escapeHtml(s)}">${escapeHtml(s)}</button></li>`)
        .join('');
      suggestions.querySelectorAll('[data-suggestion]').forEach((button) => button.addEventListener('click', () => add(button.dataset.suggestion)));
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(runCheck, 250);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (found) add(found);
      else {
        clearTimeout(timer);
        runCheck();
      }
    }
  });
  addButton.addEventListener('click', () => add(found));

  return {
    values: () => labels.slice(),
    /** The text typed but not added yet (the editor warns about it). */
    pending: () => input.value.trim(),
    set(values) {
      labels = [...(values || [])];
      input.value = '';
      check.textContent = '';
      suggestions.replaceChildren();
      renderList();
    },
  };
}
