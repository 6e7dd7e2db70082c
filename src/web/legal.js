import { api } from './api.js';
import { badge, createPanel, escapeHtml } from './panel.js';

const asOf = document.getElementById('as-of');
const panel = createPanel(document.getElementById('panel'), () => asOf.value);
const list = document.getElementById('documents');
const view = document.getElementById('document');
const fields = ['Bưu chính', 'Viễn thông', 'Tần số vô tuyến điện', 'Công nghệ thông tin', 'Báo chí, xuất bản', 'Thanh tra, kiểm tra', 'Khiếu nại, tố cáo, tiếp công dân', 'Xử phạt vi phạm hành chính', 'Tiếp cận thông tin'];
const fieldSelect = document.getElementById('field');
for (const field of fields) fieldSelect.insertAdjacentHTML('beforeend', `<option>${escapeHtml(field)}</option>`);

function displayDate(iso) {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

async function loadList() {
  const params = new URLSearchParams();
  for (const id of ['type', 'status', 'field', 'origin', 'q']) {
    const value = document.getElementById(id).value.trim();
    if (value) params.set(id, value);
  }
  if (asOf.value) params.set('asOf', asOf.value);
  const response = await api(`/api/documents?${params}`);
  const documents = await response.json();
  list.innerHTML = documents.length
    ? documents.map((d) => `<button data-number="${escapeHtml(d.number)}"><b>${escapeHtml(d.number)}</b> ${badge(d.status)}<br>${escapeHtml(d.title || d.label)}</button>`).join('')
    : '<p class="empty">Không có văn bản phù hợp.</p>';
  list.querySelectorAll('[data-number]').forEach((b) => b.addEventListener('click', () => openDocument(b.dataset.number)));
}

function tree(nodes) {
  return `<ul>${nodes
    .map((n) =>
      n.kind === 'article' || n.kind === 'appendix'
        ? `<li><button data-unit="${escapeHtml(n.unitId)}">${escapeHtml(n.label)}${n.kind === 'article' ? '. ' : ' '}${escapeHtml(n.title)}</button></li>`
        : `<li><span>${escapeHtml(n.label)}${n.title ? '. ' + escapeHtml(n.title) : ''}</span>${tree(n.children)}</li>`,
    )
    .join('')}</ul>`;
}

function relationList(title, items) {
  if (!items || items.length === 0) return '';
  return `<h3>${title}</h3><ul>${items
    .map((r) => `<li>${r.inCorpus ? `<a href="#" data-number="${escapeHtml(r.number)}">${escapeHtml(r.label)}</a>` : escapeHtml(r.label)}${r.parts ? ` — ${escapeHtml(r.parts)}` : ''}${r.from ? ` (từ ${displayDate(r.from)})` : ''}</li>`)
    .join('')}</ul>`;
}

async function openDocument(number) {
  const response = await api(`/api/documents/${encodeURIComponent(number)}${asOf.value ? `?asOf=${asOf.value}` : ''}`);
  const d = await response.json();
  if (!response.ok) {
    view.innerHTML = `<p>${escapeHtml(d.error?.message || 'Không tìm thấy')}</p>`;
    return;
  }
  const r = d.relations;
  view.innerHTML = `
    <h2>${escapeHtml(d.label)}</h2>
    <p>${escapeHtml(d.title || '')}</p>
    <p>${badge(d.status, d.statusNote)}</p>
    <p class="place">${escapeHtml(d.issuer || '')}${d.issued ? ` · ban hành ${displayDate(d.issued)}` : ''}${d.effective ? ` · hiệu lực ${displayDate(d.effective)}` : ''}${d.expired ? ` · hết hiệu lực ${displayDate(d.expired)}` : ''}</p>
    ${d.warnings?.length ? `<p class="notice">${d.warnings.map(escapeHtml).join('<br>')}</p>` : ''}
    ${relationList('Thay thế', r.replaces)}
    ${relationList('Được thay thế bởi', r.replacedBy ? [r.replacedBy] : [])}
    ${relationList('Sửa đổi, bổ sung', r.amends)}
    ${relationList('Được sửa đổi, bổ sung bởi', r.amendedBy)}
    ${relationList('Bãi bỏ một phần', r.repeals)}
    ${relationList('Bị bãi bỏ một phần bởi', r.repealedBy)}
    ${d.history.length ? `<h3>Lịch sử</h3><ul>${d.history.map((h) => `<li>${displayDate(h.date)} — ${escapeHtml(h.event)}</li>`).join('')}</ul>` : ''}
    ${d.tree.length ? `<h3>Mục lục</h3><div class="toc">${tree(d.tree)}</div>` : '<p class="empty">Văn bản chỉ được biết qua dẫn chiếu, chưa có toàn văn.</p>'}`;
  view.querySelectorAll('[data-unit]').forEach((b) => b.addEventListener('click', () => panel.open(b.dataset.unit)));
  view.querySelectorAll('a[data-number]').forEach((a) =>
    a.addEventListener('click', (event) => {
      event.preventDefault();
      openDocument(a.dataset.number);
    }),
  );
}

document.getElementById('reference-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const reference = document.getElementById('reference').value.trim();
  if (reference) panel.open(reference);
});
for (const id of ['type', 'status', 'field', 'origin']) document.getElementById(id).addEventListener('change', loadList);
document.getElementById('q').addEventListener('input', loadList);
asOf.addEventListener('change', loadList);
loadList();
