// The legal staff page: documents filtered by type, status, field and words; one document's table of
// contents, relations and history; a provision opened by reference inside its whole Điều. One as-of
// date governs every part at once: changing it reloads the list, the open document and the panel.
// Only the elements named here by id are touched: other sections (the upload) live beside it.
import { api, errorText } from './api.js';
import { dateField, displayDate } from './dates.js';
import { badge, createPanel, escapeHtml } from './panel.js';

const FIELDS = ['Bưu chính', 'Viễn thông', 'Tần số vô tuyến điện', 'Công nghệ thông tin', 'Báo chí, xuất bản', 'Thanh tra, kiểm tra', 'Khiếu nại, tố cáo, tiếp công dân', 'Xử phạt vi phạm hành chính', 'Tiếp cận thông tin'];

const list = document.getElementById('document-list');
const count = document.getElementById('document-count');
const view = document.getElementById('document');
const asOf = dateField(document.getElementById('as-of'), { errorId: 'as-of-error', onChange: () => applyAsOf() });
const panel = createPanel(document.getElementById('panel'), () => asOf.value(), { wholeArticle: true });
const fieldSelect = document.getElementById('field');
for (const field of FIELDS) fieldSelect.insertAdjacentHTML('beforeend', `<option>${escapeHtml(field)}</option>`);

let openNumber = null;
let listRun = 0;
let documentRun = 0;

async function loadList() {
  const run = ++listRun;
  const params = new URLSearchParams();
  for (const id of ['type', 'status', 'field', 'origin', 'q']) {
    const value = document.getElementById(id).value.trim();
    if (value) params.set(id, value);
  }
  if (asOf.value()) params.set('asOf', asOf.value());
  const response = await api(`/api/documents?${params}`);
  const documents = await response.json().catch(() => ({}));
  if (run !== listRun) return;
  if (!response.ok) {
    count.textContent = errorText(documents);
    list.replaceChildren();
    return;
  }
  count.textContent = `${documents.length} văn bản${asOf.value() ? `, hiệu lực tại ngày ${displayDate(asOf.value())}` : ''}`;
  list.innerHTML = documents
    .map(
      (d) => `<li><button type="button" data-number="${escapeHtml(d.number)}"${d.number === openNumber ? ' aria-current="true"' : ''}>
        <b>${escapeHtml(d.number)}</b> ${badge(d.status)}<br>${escapeHtml(d.title || d.label)}</button></li>`,
    )
    .join('');
  list.querySelectorAll('[data-number]').forEach((b) => b.addEventListener('click', () => openDocument(b.dataset.number)));
}

function tree(nodes) {
  return `<ul>${nodes
    .map((n) =>
      n.kind === 'article' || n.kind === 'appendix'
        ? `<li><button type="button" data-unit="${escapeHtml(n.unitId)}">${escapeHtml(n.label)}${n.kind === 'article' ? '. ' : ' '}${escapeHtml(n.title)}</button></li>`
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
  const run = ++documentRun;
  openNumber = number;
  list.querySelectorAll('[data-number]').forEach((b) => (b.dataset.number === number ? b.setAttribute('aria-current', 'true') : b.removeAttribute('aria-current')));
  const response = await api(`/api/documents/${encodeURIComponent(number)}${asOf.value() ? `?asOf=${asOf.value()}` : ''}`);
  const d = await response.json().catch(() => ({}));
  if (run !== documentRun) return;
  if (!response.ok) {
    view.innerHTML = `<p class="error" role="alert">${escapeHtml(errorText(d, 'Không tìm thấy văn bản.'))}</p>`;
    return;
  }
  const r = d.relations;
  view.innerHTML = `
    <h2>${escapeHtml(d.label)}</h2>
    <p>${escapeHtml(d.title || '')}</p>
    <p class="validity">${badge(d.status, d.statusNote)} <span class="as-of-note">tại ngày ${escapeHtml(displayDate(d.asOf))}</span></p>
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
  view.querySelectorAll('[data-unit]').forEach((b) => b.addEventListener('click', () => panel.open(b.dataset.unit, { highlight: false, opener: b })));
  view.querySelectorAll('a[data-number]').forEach((a) =>
    a.addEventListener('click', (event) => {
      event.preventDefault();
      openDocument(a.dataset.number);
    }),
  );
}

/** The as-of date changed: the list, the open document and the panel all show that date's status. */
function applyAsOf() {
  return Promise.all([loadList(), openNumber ? openDocument(openNumber) : Promise.resolve(), panel.refresh()]);
}

document.getElementById('reference-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const reference = document.getElementById('reference').value.trim();
  if (reference) panel.open(reference, { opener: document.getElementById('reference') });
});
for (const id of ['type', 'status', 'field', 'origin']) document.getElementById(id).addEventListener('change', loadList);
let typing;
document.getElementById('q').addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(loadList, 200);
});
window.addEventListener('van-ban:documents-changed', loadList);
loadList();
// "/van-ban#174/2026/NĐ-CP" opens that document (the link an upload gives when it is done).
function openFromHash() {
  const number = decodeURIComponent(location.hash.slice(1));
  if (number) openDocument(number);
}
window.addEventListener('hashchange', openFromHash);
openFromHash();
