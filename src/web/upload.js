// "Nạp văn bản" on the legal staff page, for admins: send a file (and the manifest fields no header
// states), follow its progress streamed by the server (parsing, OCR page x/y, indexing), and on success
// show the new document with a link to it and a search box over the index that now holds it.
// API: POST /api/documents/uploads, GET /api/documents/uploads/:id/events (see src/server/routes/upload.ts).
import { api, readEvents } from './api.js';
import { escapeHtml } from './panel.js';

const section = document.getElementById('upload');
const form = document.getElementById('upload-form');
const fileInput = document.getElementById('upload-file');
const submit = document.getElementById('upload-submit');
const progress = document.getElementById('upload-progress');
const stageLine = document.getElementById('upload-stage');
const log = document.getElementById('upload-log');
const result = document.getElementById('upload-result');
const area = document.getElementById('upload-progress-area');
const JOB_KEY = 'tro-ly-upload';
let maxBytes = 0;

area.style.display = 'block';
section.querySelector('summary').style.cssText = 'cursor:pointer;padding:.6rem 1rem;background:#fff;border-bottom:1px solid var(--line);font-weight:600';

/** "01/09/2026" → "2026-09-01"; undefined for an empty field; throws with a message for a date that does not exist. */
export function isoFromDisplay(value) {
  const text = value.trim();
  if (!text) return undefined;
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!match) throw new Error('Ngày hiệu lực viết theo dạng dd/mm/yyyy, ví dụ 01/09/2026');
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw new Error(`Ngày ${text} không có thật`);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function numbersOf(id) {
  return document
    .getElementById(id)
    .value.split(/[,;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function metaOfForm() {
  const meta = {};
  const number = document.getElementById('upload-number').value.trim();
  if (number) meta.number = number;
  const replaces = numbersOf('upload-replaces');
  const amends = numbersOf('upload-amends');
  const repeals = numbersOf('upload-repeals');
  if (replaces.length) meta.replaces = replaces;
  if (amends.length) meta.amends = amends;
  if (repeals.length) meta.repealsInPart = repeals;
  const effective = isoFromDisplay(document.getElementById('upload-effective').value);
  if (effective) meta.effective = effective;
  if (!meta.number && (replaces.length || amends.length || repeals.length || effective)) {
    throw new Error('Cần nhập số hiệu của văn bản tải lên khi khai báo thay thế, sửa đổi, bãi bỏ hoặc ngày hiệu lực');
  }
  return meta;
}

function megabytes(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

function setBusy(busy) {
  submit.disabled = busy;
  fileInput.disabled = busy;
}

function showStage(stage) {
  stageLine.textContent = stage.message;
  stageLine.dataset.stage = stage.stage;
  if (stage.pages) {
    progress.hidden = false;
    progress.max = stage.pages;
    progress.value = stage.page || 0;
  } else if (stage.stage === 'done' || stage.stage === 'failed') {
    progress.hidden = true;
  } else {
    progress.hidden = false;
    progress.removeAttribute('value');
  }
  // One line per stage; OCR pages update their line instead of adding one per page.
  const last = log.lastElementChild;
  if (last && last.dataset.stage === stage.stage && (stage.stage === 'ocr' || stage.stage === 'queued')) last.textContent = stage.message;
  else log.insertAdjacentHTML('beforeend', `<li data-stage="${escapeHtml(stage.stage)}">${escapeHtml(stage.message)}</li>`);
}

function showDone(done) {
  const documents = done.documents
    .map(
      (d) => `<li><b data-number="${escapeHtml(d.number)}">${escapeHtml(d.number)}</b>${d.title ? ` — ${escapeHtml(d.title)}` : ''} (${d.units} đơn vị trích dẫn)
        · <a href="/van-ban#${encodeURIComponent(d.number)}">Mở văn bản</a>
        ${d.warnings?.length ? `<br><span class="notice">${d.warnings.map(escapeHtml).join('<br>')}</span>` : ''}</li>`,
    )
    .join('');
  result.innerHTML = `<p>Đã nạp và tìm kiếm được ngay:</p><ul>${documents}</ul>
    <form id="upload-search" class="filters">
      <input id="upload-query" placeholder="Thử tìm một câu trong văn bản vừa nạp" aria-label="Tìm trong kho văn bản" size="40">
      <button type="submit">Tìm</button>
    </form>
    <ol id="upload-hits"></ol>`;
  document.getElementById('upload-search').addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = document.getElementById('upload-query').value.trim();
    if (!query) return;
    const response = await api(`/api/search?q=${encodeURIComponent(query)}&k=5`);
    const hits = await response.json();
    const list = document.getElementById('upload-hits');
    if (!response.ok) {
      list.innerHTML = `<li>${escapeHtml(hits.error?.message || 'Không tìm được')}</li>`;
      return;
    }
    list.innerHTML = hits.length
      ? hits.map((h) => `<li data-document="${escapeHtml(h.ref.document)}"><b>${escapeHtml(h.label)}</b>: ${escapeHtml(h.text.slice(0, 200))}</li>`).join('')
      : '<li>Không thấy kết quả.</li>';
  });
  // The document list of this page can refresh itself on this event (the new numbers in `detail`).
  document.dispatchEvent(new CustomEvent('documents-changed', { detail: { numbers: done.documents.map((d) => d.number) } }));
  window.dispatchEvent(new Event('van-ban:documents-changed'));
}

/** Follows an upload's events to the end (the server replays what happened before). */
async function follow(id) {
  setBusy(true);
  try {
    const response = await api(`/api/documents/uploads/${encodeURIComponent(id)}/events`, { headers: { Accept: 'text/event-stream' } });
    if (!response.ok || !response.body) {
      const data = await response.json().catch(() => ({}));
      stageLine.textContent = data.error?.message || 'Không theo dõi được tiến trình nạp.';
      sessionStorage.removeItem(JOB_KEY);
      return;
    }
    await readEvents(response, (event, data) => {
      if (event === 'stage') showStage(data);
      else if (event === 'done') {
        sessionStorage.removeItem(JOB_KEY);
        showDone(data);
      } else if (event === 'failed') {
        sessionStorage.removeItem(JOB_KEY);
        result.innerHTML = `<p class="notice" data-code="${escapeHtml(data.code)}">Không nạp được: ${escapeHtml(data.message)}</p>`;
      }
    });
  } catch {
    stageLine.textContent = 'Mất kết nối với máy chủ; tải lại trang để xem tiếp tiến trình.';
  } finally {
    setBusy(false);
  }
}

async function send(event) {
  event.preventDefault();
  const file = fileInput.files[0];
  if (!file) return;
  log.innerHTML = '';
  result.innerHTML = '';
  let meta;
  try {
    meta = metaOfForm();
  } catch (error) {
    stageLine.textContent = error.message;
    return;
  }
  if (maxBytes && file.size > maxBytes) {
    stageLine.textContent = `Tệp ${megabytes(file.size)} lớn hơn giới hạn ${megabytes(maxBytes)}.`;
    return;
  }
  setBusy(true);
  stageLine.textContent = `Đang gửi ${file.name} (${megabytes(file.size)})…`;
  progress.hidden = false;
  progress.removeAttribute('value');
  let response;
  try {
    response = await api('/api/documents/uploads', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/octet-stream',
        'X-File-Name': encodeURIComponent(file.name),
        ...(Object.keys(meta).length ? { 'X-Document-Meta': encodeURIComponent(JSON.stringify(meta)) } : {}),
      },
      body: file,
    });
  } catch {
    setBusy(false);
    progress.hidden = true;
    stageLine.textContent = 'Không gửi được tệp (mất kết nối, hoặc tệp quá lớn).';
    return;
  }
  const data = await response.json().catch(() => ({}));
  if (response.status !== 202) {
    setBusy(false);
    progress.hidden = true;
    stageLine.textContent = '';
    result.innerHTML = `<p class="notice" data-code="${escapeHtml(data.error?.code || '')}">Không nhận tệp: ${escapeHtml(data.error?.message || `lỗi ${response.status}`)}</p>`;
    return;
  }
  sessionStorage.setItem(JOB_KEY, data.id);
  await follow(data.id);
}

async function start() {
  const me = await api('/api/me');
  if (!me.ok) return;
  const user = await me.json();
  if (user.role !== 'admin') return;
  section.hidden = false;
  form.addEventListener('submit', send);
  const queue = await api('/api/documents/uploads/queue');
  if (queue.ok) {
    const info = await queue.json();
    maxBytes = info.maxBytes;
    document.getElementById('upload-hint').textContent += ` Tối đa ${megabytes(maxBytes)} một tệp.`;
  }
  // A page reloaded during an upload picks its progress up again.
  const pending = sessionStorage.getItem(JOB_KEY);
  if (pending) {
    section.querySelector('details').open = true;
    await follow(pending);
  }
}

start();
