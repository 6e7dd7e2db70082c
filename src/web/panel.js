// The provision panel shared by the chat and the legal staff page: full text, place, highlighted quote,
// validity badge, history, cross-reference links, copy citation.
import { api } from './api.js';

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export function badgeClass(status) {
  if (status === 'còn hiệu lực') return 'badge';
  if (status === 'hết hiệu lực') return 'badge expired';
  if (status === 'hết hiệu lực một phần') return 'badge partial';
  if (status === 'chưa có hiệu lực') return 'badge pending';
  return 'badge unknown';
}

export function badge(status, note) {
  const label = note || status;
  return `<span class="${badgeClass(status)}" data-status="${escapeHtml(status)}" title="${escapeHtml(status)}">${escapeHtml(label)}</span>`;
}

function displayDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
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
  const events = [...marks, ...(links || []).filter((l) => l.target.unitId).map((l) => ({ start: l.start, end: l.end, open: `<a data-unit="${escapeHtml(l.target.unitId)}" title="${escapeHtml(l.target.label)}">`, close: '</a>' }))]
    .sort((a, b) => a.start - b.start);
  for (const e of events) {
    if (e.start < cursor) continue;
    html += escapeHtml(text.slice(cursor, e.start)) + e.open + escapeHtml(text.slice(e.start, e.end)) + e.close;
    cursor = e.end;
  }
  return html + escapeHtml(text.slice(cursor));
}

export function createPanel(element, getAsOf) {
  async function open(reference, quotes) {
    element.hidden = false;
    element.innerHTML = '<p>Đang tải…</p>';
    const asOf = getAsOf();
    const response = await api(`/api/units?ref=${encodeURIComponent(reference)}${asOf ? `&asOf=${asOf}` : ''}`);
    const data = await response.json();
    if (!response.ok) {
      element.innerHTML = `<p>${escapeHtml(data.error?.message || 'Không tìm thấy')}</p><div class="actions"><button data-close>Đóng</button></div>`;
      element.querySelector('[data-close]').onclick = () => (element.hidden = true);
      return;
    }
    if (data.referenceOnly) {
      element.innerHTML = `<h2>${escapeHtml(data.label)} ${badge(data.status)}</h2><p class="statement">${escapeHtml(data.statement)}</p><div class="actions"><button data-close>Đóng</button></div>`;
      element.querySelector('[data-close]').onclick = () => (element.hidden = true);
      return;
    }
    const place = [data.place.part, data.place.chapter, data.place.section, data.place.article].filter(Boolean).map(escapeHtml).join(' › ');
    const history = (data.history || []).map((h) => `<li>${escapeHtml(displayDate(h.date))} — ${escapeHtml(h.event)}</li>`).join('');
    const amendments = (data.amendments || []).map((a) => `<li><a data-unit="${escapeHtml(a.unitId)}">${escapeHtml(a.label)}</a>${a.effective ? ` (từ ${escapeHtml(displayDate(a.effective))})` : ''}</li>`).join('');
    const siblings = (data.neighbours?.siblings || []).filter((s) => s.unitId !== data.unitId).map((s) => `<a data-unit="${escapeHtml(s.unitId)}">${escapeHtml(s.label.split(' Điều ')[0])}</a>`).join(' · ');
    element.innerHTML = `
      <h2 class="label">${escapeHtml(data.label)}</h2>
      <div>${badge(data.status, data.validity.note)}</div>
      <p class="place">${place}</p>
      <p class="place">${escapeHtml(data.document.label)}${data.document.title && !data.document.label.includes(data.document.title) ? ' — ' + escapeHtml(data.document.title) : ''}</p>
      ${data.document.warnings?.length ? `<p class="notice">${data.document.warnings.map(escapeHtml).join('<br>')}</p>` : ''}
      <div class="text">${highlighted(data.text, quotes, data.links)}</div>
      <div class="actions">
        <button data-copy>Sao chép trích dẫn</button>
        ${data.neighbours?.previous ? `<button data-unit="${escapeHtml(data.neighbours.previous.unitId)}">‹ Trước</button>` : ''}
        ${data.neighbours?.next ? `<button data-unit="${escapeHtml(data.neighbours.next.unitId)}">Sau ›</button>` : ''}
        <button data-close>Đóng</button>
      </div>
      ${siblings ? `<p class="place">Cùng Điều: ${siblings}</p>` : ''}
      ${amendments ? `<h3>Sửa đổi, bổ sung</h3><ul>${amendments}</ul>` : ''}
      ${history ? `<h3>Lịch sử hiệu lực</h3><ul>${history}</ul>` : ''}`;
    element.querySelector('[data-close]').onclick = () => (element.hidden = true);
    element.querySelector('[data-copy]').onclick = async (event) => {
      const ok = await copyText(data.label);
      event.target.textContent = ok ? 'Đã sao chép' : 'Không sao chép được';
    };
    element.querySelectorAll('[data-unit]').forEach((node) => {
      node.addEventListener('click', () => open(node.getAttribute('data-unit')));
    });
  }
  return { open };
}
