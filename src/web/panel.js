// The provision panel shared by the chat and the legal staff page: full text, place, highlighted quote,
// validity badge on the page's as-of date, history, cross-reference links, copy citation. Its close
// control stays in a bar at the top (always visible, also on a phone); Escape closes it and gives the
// focus back to whatever opened it. With `wholeArticle`, a Khoản opens inside its whole Điều: every
// Khoản listed, the one asked for highlighted.
import { api, errorText } from './api.js';
import { displayDate } from './dates.js';

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function badgeClass(status) {
  if (status === 'còn hiệu lực') return 'badge';
  if (status === 'hết hiệu lực') return 'badge expired';
  if (status === 'hết hiệu lực một phần') return 'badge partial';
  if (status === 'chưa có hiệu lực') return 'badge pending';
  return 'badge unknown';
}

export function badge(status, note) {
  const label = note || status || 'không rõ';
  return `<span class="${badgeClass(status)}" data-status="${escapeHtml(status)}">${escapeHtml(label)}</span>`;
}

/** Plain text (and, where the clipboard takes it, rich text) to the clipboard; true when it worked. */
export async function copyText(text, html) {
  try {
    if (html && typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
      await navigator.clipboard.write([
        new ClipboardItem({ 'text/plain': new Blob([text], { type: 'text/plain' }), 'text/html': new Blob([html], { type: 'text/html' }) }),
      ]);
      return true;
    }
  } catch {
    // Rich text refused: plain text below.
  }
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

function highlighted(text, quotes, links) {
  const marks = [];
  for (const quote of quotes || []) {
    const at = quote ? text.indexOf(quote) : -1;
    if (at >= 0) marks.push({ start: at, end: at + quote.length, open: '<mark>', close: '</mark>' });
  }
  let html = '';
  let cursor = 0;
  const events = [
    ...marks,
    ...(links || [])
      .filter((l) => l.target.unitId)
      .map((l) => ({ start: l.start, end: l.end, open: `<a href="#" data-unit="${escapeHtml(l.target.unitId)}"${/^(?:Khoản|Điểm)/u.test(l.target.label) ? ' data-part' : ''} title="${escapeHtml(l.target.label)}">`, close: '</a>' })),
  ].sort((a, b) => a.start - b.start);
  for (const e of events) {
    if (e.start < cursor) continue;
    html += escapeHtml(text.slice(cursor, e.start)) + e.open + escapeHtml(text.slice(e.start, e.end)) + e.close;
    cursor = e.end;
  }
  return html + escapeHtml(text.slice(cursor));
}

/** "Khoản 2 Điều 11 Nghị định số 174/2026/NĐ-CP" → "Điều 11 Nghị định số 174/2026/NĐ-CP". */
export function articleLabel(label) {
  return String(label).replace(/^(?:Điểm \S+ )?(?:Khoản \S+ )?/u, '');
}

/** Does a typed reference name a Khoản or Điểm ("k2 đ11 …", "khoản 1 điều 47", "điểm a …")? */
export function namesPart(reference) {
  const text = String(reference).toLowerCase();
  return /(?:^|[^\p{L}])(?:khoản|khoan|điểm|diem)(?:[^\p{L}]|$)/u.test(text) || /(?:^|[^\p{L}])k\.?\s*\d/u.test(text);
}

export function createPanel(element, getAsOf, { wholeArticle = false } = {}) {
  element.classList.add('panel');
  element.setAttribute('aria-labelledby', 'panel-title');
  element.innerHTML = `
    <div class="panel-bar">
      <div class="panel-heading">
        <h2 id="panel-title" class="label" tabindex="-1">Nội dung điều khoản</h2>
        <div class="validity"></div>
      </div>
      <button type="button" class="panel-close" aria-label="Đóng khung điều khoản (Esc)"><span aria-hidden="true">✕</span> Đóng</button>
    </div>
    <div class="panel-body" tabindex="-1"></div>`;
  const title = element.querySelector('#panel-title');
  const body = element.querySelector('.panel-body');
  const validity = element.querySelector('.panel-bar .validity');
  let opener = null;
  let last = null;
  let sequence = 0;

  function close() {
    if (element.hidden) return;
    element.hidden = true;
    document.body.classList.remove('panel-open');
    last = null;
    const back = opener;
    opener = null;
    if (back && back.isConnected) back.focus();
  }

  element.querySelector('.panel-close').addEventListener('click', close);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !element.hidden && !event.defaultPrevented) {
      event.preventDefault();
      close();
    }
  });

  async function unitView(reference, asOf) {
    const response = await api(`/api/units?ref=${encodeURIComponent(reference)}${asOf ? `&asOf=${asOf}` : ''}`);
    const data = await response.json().catch(() => ({}));
    return { ok: response.ok, data };
  }

  /** The heading and the validity badge stay in the bar (visible while the text scrolls); the rest below. */
  function show(heading, html, status = '') {
    title.textContent = heading;
    validity.innerHTML = status;
    body.innerHTML = html;
  }

  /**
   * Opens a provision: `reference` is free text, an official label or a unit id. Options: `quotes`
   * to highlight, `highlight` (the unit asked for is a Khoản to mark inside its Điều; default: does
   * the reference name one), `opener` (gets the focus back on close; default: the focused element).
   */
  async function open(reference, options = {}) {
    const run = ++sequence;
    const active = document.activeElement;
    if (!opener || !element.contains(active)) opener = options.opener || (active && !element.contains(active) ? active : opener);
    last = { reference, options };
    element.hidden = false;
    document.body.classList.add('panel-open');
    show('Đang tải…', '<p role="status">Đang tải điều khoản…</p>');
    const asOf = getAsOf();
    const { ok, data } = await unitView(reference, asOf);
    if (run !== sequence) return;
    if (!ok) {
      show('Không tìm thấy', `<p class="error" role="alert">${escapeHtml(errorText(data, 'Không tìm thấy điều khoản.'))}</p>`);
      title.focus();
      return;
    }
    if (data.referenceOnly) {
      show(data.label, `<p class="statement">${escapeHtml(data.statement)}</p>`, badge(data.status));
      title.focus();
      return;
    }
    const highlight = options.highlight ?? (typeof reference === 'string' && namesPart(reference));
    const siblings = data.neighbours?.siblings || [];
    let units = [data];
    if (wholeArticle && siblings.length > 1) {
      const views = await Promise.all(siblings.map((s) => (s.unitId === data.unitId ? { ok: true, data } : unitView(s.unitId, asOf))));
      if (run !== sequence) return;
      units = views.filter((v) => v.ok).map((v) => v.data);
    }
    const whole = units.length > 1;
    const heading = whole && !highlight ? articleLabel(data.label) : data.label;
    const place = [data.place.part, data.place.chapter, data.place.section, data.place.article].filter(Boolean).map(escapeHtml).join(' › ');
    const history = (data.history || []).map((h) => `<li>${escapeHtml(displayDate(h.date))} — ${escapeHtml(h.event)}</li>`).join('');
    const amendments = (data.amendments || [])
      .map((a) => `<li><a href="#" data-unit="${escapeHtml(a.unitId)}">${escapeHtml(a.label)}</a>${a.effective ? ` (từ ${escapeHtml(displayDate(a.effective))})` : ''}</li>`)
      .join('');
    const first = units[0];
    const lastUnit = units[units.length - 1];
    const previous = whole ? first.neighbours?.previous : data.neighbours?.previous;
    const next = whole ? lastUnit.neighbours?.next : data.neighbours?.next;
    const text = whole
      ? `<p class="place whole-note">Toàn văn ${escapeHtml(data.place.article)} — ${units.length} khoản${highlight ? `; ${escapeHtml(data.label.split(' Điều ')[0])} được đánh dấu` : ''}.</p>
         ${units
           .map((unit) => {
             const asked = highlight && unit.unitId === data.unitId;
             const part = unit.label.split(' Điều ')[0];
             return `<section class="unit${asked ? ' asked' : ''}" data-unit-id="${escapeHtml(unit.unitId)}"${asked ? ' aria-current="true"' : ''}>
               <h3 class="unit-label">${escapeHtml(part)}${asked ? ' <span class="asked-tag">(điều khoản được hỏi)</span>' : ''}${unit.status !== data.status ? ` ${badge(unit.status, unit.validity?.note)}` : ''}</h3>
               <div class="text">${highlighted(unit.text, asked ? options.quotes : [], unit.links)}</div>
             </section>`;
           })
           .join('')}`
      : `<div class="text">${highlighted(data.text, options.quotes, data.links)}</div>`;
    const siblingLinks = !whole
      ? siblings
          .filter((s) => s.unitId !== data.unitId)
          .map((s) => `<a href="#" data-unit="${escapeHtml(s.unitId)}">${escapeHtml(s.label.split(' Điều ')[0])}</a>`)
          .join(' · ')
      : '';
    show(
      heading,
      `<p class="place">${place}</p>
      <p class="place">${escapeHtml(data.document.label)}${data.document.title && !data.document.label.includes(data.document.title) ? ' — ' + escapeHtml(data.document.title) : ''}</p>
      ${data.document.warnings?.length ? `<p class="notice">${data.document.warnings.map(escapeHtml).join('<br>')}</p>` : ''}
      ${text}
      <div class="actions">
        <button type="button" data-copy>Sao chép trích dẫn</button>
        ${previous ? `<button type="button" data-unit="${escapeHtml(previous.unitId)}">‹ ${whole ? 'Điều trước' : 'Trước'}</button>` : ''}
        ${next ? `<button type="button" data-unit="${escapeHtml(next.unitId)}">${whole ? 'Điều sau' : 'Sau'} ›</button>` : ''}
      </div>
      <p class="copy-status" role="status"></p>
      ${siblingLinks ? `<p class="place">Cùng Điều: ${siblingLinks}</p>` : ''}
      ${amendments ? `<h3>Sửa đổi, bổ sung</h3><ul>${amendments}</ul>` : ''}
      ${history ? `<h3>Lịch sử hiệu lực</h3><ul>${history}</ul>` : ''}`,
      `${badge(data.status, data.validity?.note)} <span class="as-of-note">tại ngày ${escapeHtml(displayDate(data.asOf))}</span>`,
    );
    body.querySelector('[data-copy]').addEventListener('click', async () => {
      const ok = await copyText(heading);
      body.querySelector('.copy-status').textContent = ok ? `Đã sao chép: ${heading}` : 'Không sao chép được.';
    });
    body.querySelectorAll('[data-unit]').forEach((node) => {
      node.addEventListener('click', (event) => {
        event.preventDefault();
        open(node.getAttribute('data-unit'), { highlight: !wholeArticle || node.hasAttribute('data-part') });
      });
    });
    body.scrollTop = 0;
    title.focus();
    // The asked Khoản in view inside the panel (scrolling the panel only, never the page behind it).
    const asked = body.querySelector('.unit.asked');
    if (asked) body.scrollTop = Math.max(0, asked.offsetTop - 8);
  }

  return {
    open,
    close,
    get isOpen() {
      return !element.hidden;
    },
    /** Opens the same provision again (the as-of date changed). */
    refresh() {
      if (!element.hidden && last) return open(last.reference, last.options);
      return Promise.resolve();
    },
  };
}
