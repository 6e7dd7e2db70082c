// The trainers' page: lessons, inspection-method guides and verified answers — written with their
// legal references checked as they are typed and a preview of how the assistant will cite them;
// listed and filtered by year, field and status; the review queue (a reviewer who is not the author
// publishes); stale items; knowledge gaps; a year's compendium imported and exported. Inspectors and
// admins read; trainers write everything; legal staff write verified answers — as the API allows.
import { apiJson, download } from './api.js';
import { renderAnswer } from './answer.js';
import { basisEditor } from './basis.js';
import { displayDay } from './dates.js';
import { currentUser, ROLE_LABELS } from './header.js';
import { escapeHtml } from './panel.js';

const KINDS = {
  lesson: { label: 'Bài học', path: '/api/lessons', writers: ['trainer'] },
  guide: { label: 'Hướng dẫn nghiệp vụ', path: '/api/guides', writers: ['trainer'] },
  verified: { label: 'Câu trả lời chuẩn', path: '/api/verified-answers', writers: ['trainer', 'legal'] },
};
const STATUS_LABELS = { draft: 'Nháp', review: 'Chờ duyệt', published: 'Đã xuất bản', retired: 'Đã thu hồi' };
const QUEUE_READERS = ['trainer', 'legal', 'admin'];

const user = await currentUser;
const role = user?.role;
const canWrite = (kind) => KINDS[kind].writers.includes(role);
const writable = Object.keys(KINDS).filter(canWrite);
const readsQueues = QUEUE_READERS.includes(role);
const $ = (id) => document.getElementById(id);

const fields = await apiJson('/api/knowledge/fields').catch(() => []);
for (const select of document.querySelectorAll('select[data-fields]')) {
  for (const field of fields) select.insertAdjacentHTML('beforeend', `<option>${escapeHtml(field)}</option>`);
}

// ---------------------------------------------------------------------------------------------
// Role

const roleName = ROLE_LABELS[role] || 'chưa rõ vai trò';
if (writable.length === 0) {
  $('role-note').hidden = false;
  $('role-note').textContent = `Bạn đang đăng nhập với vai trò ${roleName}: trang này chỉ để xem. Viết bài học và hướng dẫn nghiệp vụ cần vai trò Cán bộ đào tạo; câu trả lời chuẩn: Cán bộ đào tạo hoặc Cán bộ pháp chế.`;
  $('write-denied').hidden = false;
  $('write-denied').textContent = `Vai trò ${roleName} không được viết tri thức. Hãy liên hệ cán bộ đào tạo hoặc cán bộ pháp chế.`;
  $('editor').hidden = true;
  document.querySelector('#section-write .preview').hidden = true;
} else if (writable.length < Object.keys(KINDS).length) {
  $('role-note').hidden = false;
  $('role-note').textContent = `Với vai trò ${roleName}, bạn viết được: ${writable.map((k) => KINDS[k].label.toLowerCase()).join(', ')}. Bài học và hướng dẫn nghiệp vụ do Cán bộ đào tạo viết.`;
}
if (role !== 'trainer') {
  $('import-denied').hidden = false;
  $('import-denied').textContent = `Chỉ Cán bộ đào tạo nhập được tập bài học; vai trò ${roleName} chỉ xuất được.`;
  $('import-form').hidden = true;
}

// ---------------------------------------------------------------------------------------------
// Tabs (ARIA tabs: arrow keys move between them, the selected one is the only one in the Tab order)

const tabs = [...document.querySelectorAll('[role="tab"]')];
const loaders = { 'tab-list': loadList, 'tab-review': loadReview, 'tab-stale': loadStale, 'tab-gaps': loadGaps };

function selectTab(tab, { focus = false } = {}) {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute('aria-controls')).hidden = !selected;
  }
  if (focus) tab.focus();
  history.replaceState(null, '', `#${tab.id.replace('tab-', '')}`);
  loaders[tab.id]?.();
}

tabs.forEach((tab, index) => {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (event) => {
    const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    selectTab(tabs[(moves[event.key] + tabs.length) % tabs.length], { focus: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Items

function itemText(item) {
  const body = item.body || {};
  if (item.kind === 'lesson') return [`Tình huống: ${body.situation ?? ''}`, `Bài học: ${body.lesson ?? ''}`, ...(body.recommendation ? [`Kiến nghị: ${body.recommendation}`] : [])].join('\n');
  if (item.kind === 'guide') return [...(body.summary ? [body.summary] : []), ...(body.steps || []).map((s, i) => `Bước ${i + 1}. ${s.title}: ${s.text}`)].join('\n');
  return `Hỏi: ${body.question ?? ''}\nĐáp: ${body.answer ?? ''}`;
}

function itemCard(item, { review = false } = {}) {
  const li = document.createElement('li');
  li.className = 'item';
  li.dataset.id = item.id;
  const meta = [
    KINDS[item.kind]?.label,
    item.year ? `năm ${item.year}` : '',
    item.field || '',
    item.authorName ? `người viết: ${item.authorName}` : '',
    item.reviewerName ? `người duyệt: ${item.reviewerName}` : '',
    item.approvedAt ? `duyệt ngày ${displayDay(item.approvedAt)}` : '',
    `cập nhật ${displayDay(item.updatedAt)}`,
  ].filter(Boolean);
  const mine = user && item.author === user.id;
  const actions = [];
  if (canWrite(item.kind)) {
    if (item.status !== 'retired') actions.push(`<button type="button" data-action="edit">Sửa</button>`);
    if (item.status === 'draft') actions.push(`<button type="button" data-action="review">Gửi duyệt</button>`);
    if (item.status === 'review' && !mine) actions.push(`<button type="button" class="primary" data-action="publish">Duyệt và xuất bản</button>`);
    if (item.status === 'review') actions.push(`<button type="button" data-action="draft">Trả về nháp</button>`);
    if (item.status === 'published') actions.push(`<button type="button" class="danger" data-action="retire">Thu hồi</button>`);
  }
  li.innerHTML = `
    <h3>${escapeHtml(item.label || item.title)} <span class="status-tag ${escapeHtml(item.status)}">${escapeHtml(STATUS_LABELS[item.status] || item.status)}</span></h3>
    <p class="meta">${meta.map(escapeHtml).join(' · ')}</p>
    ${item.legalBasis?.length ? `<p class="meta">Căn cứ: ${item.legalBasis.map((b) => escapeHtml(b.label)).join('; ')}</p>` : ''}
    ${item.staleReason ? `<p class="stale">Cần rà soát${item.staleAt ? ` (từ ${escapeHtml(displayDay(item.staleAt))})` : ''}: ${escapeHtml(item.staleReason)}</p>` : ''}
    <details${review ? ' open' : ''}><summary>Nội dung</summary><p class="item-text">${escapeHtml(itemText(item)).replaceAll('\n', '<br>')}</p></details>
    ${review && mine && canWrite(item.kind) ? '<p class="meta">Bạn là người viết mục này: cần một người khác duyệt.</p>' : ''}
    ${actions.length ? `<div class="item-actions">${actions.join('')}</div>` : ''}
    <p class="meta item-status" role="status"></p>`;
  li.querySelectorAll('[data-action]').forEach((button) => button.addEventListener('click', () => act(item, button.dataset.action, li)));
  return li;
}

async function act(item, action, card) {
  const path = `${KINDS[item.kind].path}/${encodeURIComponent(item.id)}`;
  const status = card.querySelector('.item-status');
  if (action === 'edit') {
    loadIntoEditor(item);
    return;
  }
  try {
    if (action === 'retire') await apiJson(`${path}/retire`, { method: 'POST', body: {} });
    else await apiJson(`${path}/status`, { method: 'POST', body: { status: action === 'publish' ? 'published' : action, version: item.version } });
  } catch (error) {
    status.textContent = error.message;
    return;
  }
  const done = { publish: 'Đã xuất bản', review: 'Đã gửi duyệt', draft: 'Đã trả về nháp', retire: 'Đã thu hồi' }[action];
  announce(`${done}: ${item.label || item.title}.`);
  refreshVisible();
}

/** One status line per section for what just happened (read out by screen readers). */
function announce(text) {
  for (const id of ['list-status', 'review-status', 'stale-status']) if (!$(id).closest('[hidden]')) $(id).textContent = text;
}

function refreshVisible() {
  const tab = tabs.find((t) => t.getAttribute('aria-selected') === 'true');
  if (tab) loaders[tab.id]?.({ keepStatus: true });
}

async function listItems(kinds, query) {
  const pages = await Promise.all(kinds.map((kind) => apiJson(`${KINDS[kind].path}?${query}`)));
  const items = pages.flatMap((page) => page.items).sort((p, q) => String(q.updatedAt).localeCompare(String(p.updatedAt)));
  return { items, total: pages.reduce((sum, page) => sum + page.total, 0) };
}

let listRun = 0;
async function loadList({ keepStatus = false } = {}) {
  const run = ++listRun;
  const query = new URLSearchParams({ limit: '100' });
  const year = $('filter-year').value.trim();
  if (year && !/^\d{4}$/u.test(year)) {
    $('filter-year').setAttribute('aria-invalid', 'true');
    $('list-status').textContent = 'Năm gồm 4 chữ số, ví dụ 2025.';
    return;
  }
  $('filter-year').setAttribute('aria-invalid', 'false');
  if (year) query.set('year', year);
  for (const [id, name] of [['filter-field', 'field'], ['filter-status', 'status'], ['filter-q', 'q']]) {
    const value = $(id).value.trim();
    if (value) query.set(name, value);
  }
  const kind = $('filter-kind').value;
  let result;
  try {
    result = await listItems(kind ? [kind] : Object.keys(KINDS), query);
  } catch (error) {
    if (run === listRun) $('list-status').textContent = error.message;
    return;
  }
  if (run !== listRun) return;
  $('item-list').replaceChildren(...result.items.map((item) => itemCard(item)));
  if (!keepStatus) $('list-status').textContent = result.items.length === 0 ? 'Không có mục nào phù hợp.' : `${result.items.length} / ${result.total} mục.`;
}

async function loadReview({ keepStatus = false } = {}) {
  try {
    const { items } = await listItems(Object.keys(KINDS), new URLSearchParams({ status: 'review', limit: '200' }));
    $('review-list').replaceChildren(...items.map((item) => itemCard(item, { review: true })));
    if (!keepStatus) $('review-status').textContent = items.length === 0 ? 'Không có mục nào chờ duyệt.' : `${items.length} mục chờ duyệt.`;
  } catch (error) {
    $('review-status').textContent = error.message;
  }
}

async function loadStale({ keepStatus = false } = {}) {
  if (!readsQueues) {
    $('stale-status').textContent = `Chỉ cán bộ đào tạo, cán bộ pháp chế và quản trị viên xem được mục này (bạn là ${roleName}).`;
    return;
  }
  try {
    const items = await apiJson('/api/knowledge/stale');
    $('stale-list').replaceChildren(...items.map((item) => itemCard(item)));
    if (!keepStatus) $('stale-status').textContent = items.length === 0 ? 'Không có mục nào cần rà soát.' : `${items.length} mục cần rà soát.`;
  } catch (error) {
    $('stale-status').textContent = error.message;
  }
}

async function loadGaps() {
  if (!readsQueues) {
    $('gaps-status').textContent = `Chỉ cán bộ đào tạo, cán bộ pháp chế và quản trị viên xem được mục này (bạn là ${roleName}).`;
    return;
  }
  let gaps;
  try {
    gaps = await apiJson(`/api/knowledge/gaps?days=${encodeURIComponent($('gap-days').value)}`);
  } catch (error) {
    $('gaps-status').textContent = error.message;
    return;
  }
  $('gaps-status').textContent = gaps.length === 0 ? 'Chưa có câu hỏi nào bị từ chối hoặc bị đánh giá chưa đúng trong khoảng này.' : `${gaps.length} nhóm câu hỏi, nhiều nhất trước.`;
  $('gaps').innerHTML = gaps.length
    ? `<table class="gaps"><caption class="visually-hidden">Câu hỏi chưa có lời giải</caption>
        <thead><tr><th scope="col">Câu hỏi</th><th scope="col">Số lần</th><th scope="col">Lý do</th><th scope="col">Gần nhất</th><th scope="col"><span class="visually-hidden">Việc làm</span></th></tr></thead>
        <tbody>${gaps
          .map(
            (gap, index) => `<tr>
              <td>${escapeHtml(gap.question)}${gap.examples.length > 1 ? `<details><summary>Các cách hỏi (${gap.examples.length})</summary><ul>${gap.examples.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul></details>` : ''}</td>
              <td>${gap.count}</td>
              <td>${[gap.reasons.decline ? `từ chối: ${gap.reasons.decline}` : '', gap.reasons.likely ? `chưa chắc: ${gap.reasons.likely}` : '', gap.reasons['thumbs-down'] ? `bị chê: ${gap.reasons['thumbs-down']}` : ''].filter(Boolean).join('<br>')}</td>
              <td>${escapeHtml(displayDay(gap.lastAt))}</td>
              <td>${writable.length ? `<button type="button" data-gap="${index}">Viết lời giải</button>` : ''}</td>
            </tr>`,
          )
          .join('')}</tbody></table>`
    : '';
  $('gaps').querySelectorAll('[data-gap]').forEach((button) =>
    button.addEventListener('click', () => {
      const gap = gaps[Number(button.dataset.gap)];
      resetEditor();
      const kind = writable.includes('verified') ? 'verified' : writable[0];
      $('edit-kind').value = kind;
      showKind();
      if (kind === 'verified') $('edit-question').value = gap.question;
      else $('edit-title').value = gap.question;
      selectTab($('tab-write'));
      $(kind === 'verified' ? 'edit-answer' : 'edit-title').focus();
      schedulePreview();
    }),
  );
}

for (const id of ['filter-kind', 'filter-field', 'filter-status']) $(id).addEventListener('change', () => loadList());
let typing;
for (const id of ['filter-q', 'filter-year']) {
  $(id).addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(loadList, 250);
  });
}
$('list-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  loadList();
});
$('gap-days').addEventListener('change', loadGaps);

// ---------------------------------------------------------------------------------------------
// Editor

let editing = null;
const steps = [];
const mainBasis = basisEditor($('basis-main'), { onChange: () => schedulePreview() });
for (const kind of writable) $('edit-kind').insertAdjacentHTML('beforeend', `<option value="${kind}">${escapeHtml(KINDS[kind].label)}</option>`);

function showKind() {
  const kind = $('edit-kind').value;
  document.querySelectorAll('#editor [data-kinds]').forEach((element) => {
    element.hidden = !element.dataset.kinds.split(' ').includes(kind);
  });
  if (kind === 'guide' && steps.length === 0) addStep();
}

function addStep(step = { title: '', text: '', legalBasis: [] }) {
  const n = steps.length + 1;
  const fieldset = document.createElement('fieldset');
  fieldset.className = 'step';
  const id = `step-${Math.random().toString(36).slice(2, 8)}`;
  fieldset.innerHTML = `<legend></legend>
    <div class="form-grid">
      <div class="field wide"><label for="${id}-title">Tên bước</label><input id="${id}-title" maxlength="500"></div>
      <div class="field wide"><label for="${id}-text">Nội dung</label><textarea id="${id}-text" maxlength="10000"></textarea></div>
    </div>
    <div class="step-basis"></div>
    <button type="button" data-remove-step></button>`;
  $('steps').appendChild(fieldset);
  const entry = {
    fieldset,
    title: fieldset.querySelector(`#${id}-title`),
    text: fieldset.querySelector(`#${id}-text`),
    basis: basisEditor(fieldset.querySelector('.step-basis'), { label: 'Căn cứ của bước này', onChange: () => schedulePreview() }),
  };
  entry.title.value = step.title;
  entry.text.value = step.text;
  entry.basis.set(step.legalBasis);
  fieldset.querySelector('[data-remove-step]').addEventListener('click', () => {
    steps.splice(steps.indexOf(entry), 1);
    fieldset.remove();
    numberSteps();
    schedulePreview();
    $('add-step').focus();
  });
  steps.push(entry);
  numberSteps();
  return n;
}

function numberSteps() {
  steps.forEach((step, index) => {
    step.fieldset.querySelector('legend').textContent = `Bước ${index + 1}`;
    const remove = step.fieldset.querySelector('[data-remove-step]');
    remove.textContent = `Bỏ bước ${index + 1}`;
    remove.hidden = steps.length === 1;
  });
}

$('add-step').addEventListener('click', () => {
  addStep();
  steps[steps.length - 1].title.focus();
});
$('edit-kind').addEventListener('change', () => {
  showKind();
  schedulePreview();
});

const value = (id) => $(id).value.trim();

/** The request body of the kind chosen, and the problems that keep it from being sent. */
function collect() {
  const kind = $('edit-kind').value;
  const problems = [];
  const need = (id, message) => {
    const ok = value(id) !== '';
    $(id).setAttribute('aria-invalid', String(!ok));
    if (!ok) problems.push({ id, message });
  };
  document.querySelectorAll('#editor [aria-invalid]').forEach((element) => element.setAttribute('aria-invalid', 'false'));
  const year = value('edit-year');
  const legalBasis = mainBasis.values();
  if (mainBasis.pending()) problems.push({ id: 'basis-main', message: `Căn cứ “${mainBasis.pending()}” chưa được thêm: chọn Thêm (hoặc một gợi ý), hoặc xóa ô.` });
  let body;
  if (kind === 'lesson') {
    need('edit-title', 'Cần tiêu đề.');
    if (!/^\d{4}$/u.test(year)) {
      $('edit-year').setAttribute('aria-invalid', 'true');
      problems.push({ id: 'edit-year', message: 'Năm gồm 4 chữ số, ví dụ 2025.' });
    }
    need('edit-field', 'Cần chọn lĩnh vực.');
    need('edit-situation', 'Cần mô tả tình huống.');
    need('edit-lesson', 'Cần nêu bài học.');
    body = {
      year: Number(year),
      field: value('edit-field'),
      title: value('edit-title'),
      situation: value('edit-situation'),
      lesson: value('edit-lesson'),
      ...(value('edit-recommendation') ? { recommendation: value('edit-recommendation') } : {}),
      ...(value('edit-unit') ? { issuingUnit: value('edit-unit') } : {}),
      legalBasis,
    };
  } else if (kind === 'guide') {
    need('edit-title', 'Cần tiêu đề.');
    if (year && !/^\d{4}$/u.test(year)) {
      $('edit-year').setAttribute('aria-invalid', 'true');
      problems.push({ id: 'edit-year', message: 'Năm gồm 4 chữ số, ví dụ 2025.' });
    }
    steps.forEach((step, index) => {
      if (!step.title.value.trim() || !step.text.value.trim()) problems.push({ id: step.title.id, message: `Bước ${index + 1} cần tên và nội dung.` });
      if (step.basis.pending()) problems.push({ id: step.title.id, message: `Căn cứ “${step.basis.pending()}” của bước ${index + 1} chưa được thêm.` });
    });
    body = {
      title: value('edit-title'),
      ...(value('edit-field') ? { field: value('edit-field') } : {}),
      ...(year ? { year: Number(year) } : {}),
      ...(value('edit-summary') ? { summary: value('edit-summary') } : {}),
      steps: steps.map((step) => ({ title: step.title.value.trim(), text: step.text.value.trim(), legalBasis: step.basis.values() })),
      legalBasis,
    };
  } else {
    need('edit-question', 'Cần câu hỏi.');
    need('edit-answer', 'Cần câu trả lời.');
    if (legalBasis.length === 0) problems.push({ id: 'basis-main', message: 'Câu trả lời chuẩn cần ít nhất một căn cứ pháp lý.' });
    body = { question: value('edit-question'), answer: value('edit-answer'), ...(value('edit-field') ? { field: value('edit-field') } : {}), legalBasis };
  }
  return { kind, body, problems };
}

function resetEditor() {
  editing = null;
  $('editor').reset();
  mainBasis.set([]);
  steps.splice(0).forEach((step) => step.fieldset.remove());
  $('edit-kind').disabled = false;
  $('editor-title').textContent = 'Soạn mới';
  $('cancel-edit').hidden = true;
  $('editor-error').textContent = '';
  document.querySelectorAll('#editor [aria-invalid]').forEach((element) => element.setAttribute('aria-invalid', 'false'));
  showKind();
  schedulePreview();
}

function loadIntoEditor(item) {
  resetEditor();
  editing = item;
  const body = item.body || {};
  $('edit-kind').value = item.kind;
  $('edit-kind').disabled = true;
  $('edit-year').value = item.year ?? '';
  $('edit-field').value = item.field ?? '';
  if (item.field && $('edit-field').value !== item.field) {
    $('edit-field').insertAdjacentHTML('beforeend', `<option>${escapeHtml(item.field)}</option>`);
    $('edit-field').value = item.field;
  }
  $('edit-title').value = item.kind === 'verified' ? '' : item.title;
  $('edit-question').value = body.question ?? '';
  $('edit-answer').value = body.answer ?? '';
  $('edit-situation').value = body.situation ?? '';
  $('edit-lesson').value = body.lesson ?? '';
  $('edit-recommendation').value = body.recommendation ?? '';
  $('edit-unit').value = body.issuingUnit ?? '';
  $('edit-summary').value = body.summary ?? '';
  steps.splice(0).forEach((step) => step.fieldset.remove());
  if (item.kind === 'guide') for (const step of body.steps || []) addStep(step);
  const stepLabels = new Set((body.steps || []).flatMap((s) => s.legalBasis || []));
  mainBasis.set(item.legalBasis.map((b) => b.label).filter((label) => item.kind !== 'guide' || !stepLabels.has(label)));
  $('edit-status').value = item.status === 'retired' ? 'draft' : item.status;
  $('editor-title').textContent = `Sửa: ${item.label || item.title}`;
  $('cancel-edit').hidden = false;
  showKind();
  selectTab($('tab-write'));
  $('edit-kind').focus();
  schedulePreview();
}

$('cancel-edit').addEventListener('click', resetEditor);

function legalBasisProblem(error) {
  const unresolved = error.data?.error?.unresolved;
  if (!Array.isArray(unresolved)) return error.message;
  return `Không tìm thấy căn cứ: ${unresolved.map((u) => `“${u.reference}”${u.suggestions?.length ? ` (gần nhất: ${u.suggestions.slice(0, 3).join('; ')})` : ''}`).join(', ')}.`;
}

$('editor').addEventListener('submit', async (event) => {
  event.preventDefault();
  const { kind, body, problems } = collect();
  $('editor-status').textContent = '';
  if (problems.length > 0) {
    $('editor-error').textContent = problems.map((p) => p.message).join(' ');
    const first = $(problems[0].id);
    (first.matches('input, textarea, select') ? first : first.querySelector('input'))?.focus();
    return;
  }
  $('editor-error').textContent = '';
  const status = $('edit-status').value;
  const path = KINDS[kind].path;
  $('save').disabled = true;
  try {
    let item;
    if (editing) {
      item = await apiJson(`${path}/${encodeURIComponent(editing.id)}`, { method: 'PATCH', body: { version: editing.version, ...body } });
      if (status !== item.status) {
        item = await apiJson(`${path}/${encodeURIComponent(item.id)}/status`, { method: 'POST', body: { status, version: item.version, direct: status === 'published' && item.author === user?.id } });
      }
    } else {
      item = await apiJson(path, { method: 'POST', body: { ...body, status } });
    }
    resetEditor();
    $('editor-status').textContent = `Đã lưu “${item.label || item.title}” — ${STATUS_LABELS[item.status] || item.status}.`;
  } catch (error) {
    $('editor-error').textContent = error.data?.error?.code === 'LEGAL_BASIS_UNKNOWN' ? legalBasisProblem(error) : error.message;
  } finally {
    $('save').disabled = false;
  }
});

// ---------------------------------------------------------------------------------------------
// Preview: the item as the assistant will cite it, its legal basis quoted from today's texts

const units = new Map();
async function unitFor(label) {
  if (!units.has(label)) units.set(label, apiJson(`/api/units?ref=${encodeURIComponent(label)}`).catch(() => null));
  return units.get(label);
}

function clip(text, length = 300) {
  const value = String(text || '').replace(/\s+/gu, ' ').trim();
  return value.length <= length ? value : `${value.slice(0, length - 1)}…`;
}

let previewTimer;
let previewRun = 0;
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(renderPreview, 250);
}

async function renderPreview() {
  if (writable.length === 0) return;
  const run = ++previewRun;
  const kind = $('edit-kind').value;
  const labels = [...new Set([...mainBasis.values(), ...(kind === 'guide' ? steps.flatMap((s) => s.basis.values()) : [])])];
  const views = await Promise.all(labels.map(unitFor));
  if (run !== previewRun) return;
  const today = new Date();
  const todayIso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const title = value('edit-title') || '(tiêu đề)';
  const year = value('edit-year');
  const label = kind === 'lesson' ? `Bài học${year ? ` ${year}` : ''} — ${title}` : kind === 'guide' ? `Hướng dẫn nghiệp vụ — ${title}` : `Câu trả lời chuẩn — ${value('edit-question') || '(câu hỏi)'}`;
  const offset = kind === 'verified' ? 0 : 1;
  const citations = labels.map((reference, index) => {
    const view = views[index];
    const quote = clip(view?.text);
    return {
      n: index + 1 + offset,
      label: view?.label || reference,
      title: view?.title || '',
      quote,
      spans: quote ? [quote] : [],
      status: view?.status || 'không rõ',
      inForce: view ? view.inForce : undefined,
      validityNote: view?.validity?.note || '',
      unitId: view?.unitId || reference,
    };
  });
  const markers = citations.map((c) => `[${c.n}]`).join('');
  let result;
  if (kind === 'verified') {
    result = { outcome: 'answer', short: `${value('edit-answer') || '(câu trả lời)'} ${markers}`.trim(), verified: { approvedBy: 'người duyệt', approvedAt: todayIso }, citations, asOf: todayIso, answer: '' };
  } else {
    const first = kind === 'lesson' ? `Bài học: ${value('edit-lesson') || '…'}` : steps[0] ? `Bước 1. ${steps[0].title.value.trim() || '…'}: ${steps[0].text.value.trim() || '…'}` : value('edit-summary');
    const self = { n: 1, label, title: '', quote: clip(first), spans: [clip(first)], status: 'còn hiệu lực', inForce: true, validityNote: '', unitId: '' };
    result = { outcome: 'answer', short: `Kinh nghiệm nghiệp vụ (tham khảo, không thay căn cứ pháp lý): ${label}: “${clip(first, 200)}” [1]${markers ? ` — căn cứ ${markers}` : ''}`, citations: [self, ...citations], asOf: todayIso, answer: '' };
  }
  const box = document.createElement('div');
  box.className = 'message assistant rendered';
  renderAnswer(box, result, {
    onCite: (citation) => {
      const details = box.querySelector('details.quotes');
      if (details) details.open = true;
      box.querySelector(`.source[data-n="${citation.n}"]`)?.focus();
    },
  });
  const missing = citations.filter((c) => c.inForce === false).map((c) => `${c.label}: ${c.validityNote}`);
  $('preview').innerHTML = `<p>Trợ lý dẫn mục này là <strong>${escapeHtml(label)}</strong>${kind === 'verified' ? ', đặt trước mọi câu trả lời khác khi câu hỏi khớp' : ', sau căn cứ pháp lý, không thay căn cứ'}.</p>
    ${labels.length === 0 ? '<p class="notice">Chưa có căn cứ pháp lý: trợ lý chỉ dẫn mục có căn cứ đã kiểm tra.</p>' : ''}
    ${missing.length ? `<p class="notice">Căn cứ không còn hiệu lực: ${missing.map(escapeHtml).join('; ')}</p>` : ''}`;
  $('preview').appendChild(box);
}

$('editor').addEventListener('input', (event) => {
  if (!event.target.closest('.basis-entry')) schedulePreview();
});

// ---------------------------------------------------------------------------------------------
// Import and export

function formatOf(file) {
  const chosen = $('import-format').value;
  if (chosen) return chosen;
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.json')) return 'json';
  return 'markdown';
}

$('import-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('import-file').files?.[0];
  $('import-result').replaceChildren();
  if (!file) {
    $('import-file').setAttribute('aria-invalid', 'true');
    $('import-status-line').textContent = 'Hãy chọn một tệp.';
    $('import-file').focus();
    return;
  }
  $('import-file').setAttribute('aria-invalid', 'false');
  $('import-status-line').textContent = `Đang nhập ${file.name}…`;
  let result;
  try {
    const content = await file.text();
    result = await apiJson('/api/knowledge/import', { method: 'POST', body: { format: formatOf(file), content, status: $('import-status').value } });
  } catch (error) {
    result = error.data && typeof error.data.created === 'number' ? error.data : null;
    if (!result) {
      $('import-status-line').textContent = error.message;
      return;
    }
  }
  $('import-status-line').textContent = `Đã tạo ${result.created} bài học từ ${file.name}${result.problems.length ? `; ${result.problems.length} mục không nhập được` : ''}.`;
  if (result.problems.length) {
    $('import-result').innerHTML = `<ul class="problems">${result.problems
      .map((p) => `<li>Mục ${escapeHtml(p.entry)}: ${escapeHtml(p.reason)}${p.suggestions?.length ? ` — gợi ý: ${p.suggestions.map(escapeHtml).join('; ')}` : ''}</li>`)
      .join('')}</ul>`;
  }
});

async function exportAs(format) {
  const year = value('export-year');
  if (year && !/^\d{4}$/u.test(year)) {
    $('export-year').setAttribute('aria-invalid', 'true');
    $('export-status').textContent = 'Năm gồm 4 chữ số, ví dụ 2025.';
    return;
  }
  $('export-year').setAttribute('aria-invalid', 'false');
  try {
    const name = await download(`/api/knowledge/export?format=${format}${year ? `&year=${year}` : ''}`, `bai-hoc.${format === 'pdf' ? 'pdf' : 'md'}`);
    $('export-status').textContent = `Đã tải về ${name}${year ? ` (bài học năm ${year})` : ''}, ngày ${displayDay(new Date().toISOString())}.`;
  } catch (error) {
    $('export-status').textContent = error.message;
  }
}
$('export-markdown').addEventListener('click', () => exportAs('markdown'));
$('export-pdf').addEventListener('click', () => exportAs('pdf'));

// ---------------------------------------------------------------------------------------------

showKind();
schedulePreview();
const initial = tabs.find((tab) => `#${tab.id.replace('tab-', '')}` === location.hash) || tabs[0];
selectTab(initial);
