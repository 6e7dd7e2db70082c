// The chat: the user's conversations kept on the server (listed, opened, renamed, deleted; the open one
// named in the address, #c=<id>, so a reload or another machine finds it), questions asked in their
// conversation, answers streamed with the short part shown at once, sending disabled while an answer
// is prepared, with a stop; copy and download of answers and conversations.
import { api, apiJson, download, errorText, readEvents } from './api.js';
import { answerAsHtml, answerAsText, renderAnswer } from './answer.js';
import { dateField, displayDay } from './dates.js';
import { copyText, createPanel, escapeHtml } from './panel.js';

const messages = document.getElementById('messages');
const form = document.getElementById('ask');
const input = document.getElementById('question');
const sendButton = document.getElementById('send');
const stopButton = document.getElementById('stop');
const askStatus = document.getElementById('ask-status');
const titleElement = document.getElementById('conversation-title');
const list = document.getElementById('conversation-list');
const listStatus = document.getElementById('conversations-status');
const sidebar = document.getElementById('conversations');
const openSidebar = document.getElementById('open-conversations');
const downloadButtons = [document.getElementById('download-docx'), document.getElementById('download-pdf')];
const asOf = dateField(document.getElementById('as-of'), { errorId: 'as-of-error', onChange: () => panel.refresh() });
const panel = createPanel(document.getElementById('panel'), () => asOf.value());

const EMPTY_HTML = messages.innerHTML;
let conversationId = null;
let conversations = [];
let controller = null;

// ---------------------------------------------------------------------------------------------
// Conversations

function idFromHash() {
  const match = /^#c=([\w-]{1,100})$/u.exec(location.hash);
  return match ? match[1] : null;
}

/** Names the open conversation in the address without reloading it (replaceState fires no hashchange). */
function setCurrent(id) {
  conversationId = id;
  const hash = id ? `#c=${id}` : '';
  if (location.hash !== hash) history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  downloadButtons.forEach((b) => (b.disabled = !id));
  const current = conversations.find((c) => c.id === id);
  titleElement.textContent = current ? current.title : id ? titleElement.textContent : 'Cuộc hội thoại mới';
  markCurrent();
}

function markCurrent() {
  list.querySelectorAll('a.conversation-open').forEach((link) => {
    if (link.dataset.id === conversationId) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
}

async function loadConversations() {
  try {
    conversations = await apiJson('/api/conversations');
    listStatus.textContent = conversations.length === 0 ? 'Chưa có cuộc hội thoại nào.' : '';
  } catch (error) {
    listStatus.textContent = error.message;
    return;
  }
  list.replaceChildren(...conversations.map(conversationItem));
  const current = conversations.find((c) => c.id === conversationId);
  if (current) titleElement.textContent = current.title;
  markCurrent();
}

function conversationItem(conversation) {
  const item = document.createElement('li');
  item.className = 'conversation-item';
  item.dataset.id = conversation.id;
  item.innerHTML = `
    <a class="conversation-open" href="#c=${escapeHtml(conversation.id)}" data-id="${escapeHtml(conversation.id)}">
      <span class="conversation-title">${escapeHtml(conversation.title)}</span>
      <span class="conversation-date">${escapeHtml(displayDay(conversation.updatedAt))}</span>
    </a>
    <span class="conversation-actions">
      <button type="button" class="icon" data-rename aria-label="Đổi tên: ${escapeHtml(conversation.title)}"><span aria-hidden="true">✎</span></button>
      <button type="button" class="icon" data-delete aria-label="Xóa: ${escapeHtml(conversation.title)}"><span aria-hidden="true">✕</span></button>
    </span>`;
  item.querySelector('.conversation-open').addEventListener('click', () => closeSidebar(false));
  item.querySelector('[data-rename]').addEventListener('click', () => renameForm(item, conversation));
  item.querySelector('[data-delete]').addEventListener('click', () => deleteConfirm(item, conversation));
  return item;
}

function renameForm(item, conversation) {
  const formElement = document.createElement('form');
  formElement.className = 'conversation-edit';
  const inputId = `rename-${conversation.id}`;
  formElement.innerHTML = `
    <label for="${escapeHtml(inputId)}">Tên mới</label>
    <input id="${escapeHtml(inputId)}" maxlength="200" required>
    <button type="submit" class="primary">Lưu</button>
    <button type="button" data-cancel>Hủy</button>
    <span class="field-error" role="alert"></span>`;
  const field = formElement.querySelector('input');
  field.value = conversation.title;
  const restore = () => {
    formElement.replaceWith(conversationItem(conversation));
    list.querySelector(`li[data-id="${CSS.escape(conversation.id)}"] [data-rename]`)?.focus();
  };
  formElement.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const renamed = await apiJson(`/api/conversations/${encodeURIComponent(conversation.id)}`, { method: 'PATCH', body: { title: field.value.trim() } });
      Object.assign(conversation, renamed);
      if (conversation.id === conversationId) titleElement.textContent = renamed.title;
      restore();
      listStatus.textContent = `Đã đổi tên thành “${renamed.title}”.`;
    } catch (error) {
      formElement.querySelector('.field-error').textContent = error.message;
    }
  });
  formElement.querySelector('[data-cancel]').addEventListener('click', restore);
  formElement.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      restore();
    }
  });
  item.replaceChildren(formElement);
  field.focus();
  field.select();
}

function deleteConfirm(item, conversation) {
  const box = document.createElement('div');
  box.className = 'conversation-edit';
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', 'Xác nhận xóa');
  box.innerHTML = `<p>Xóa “${escapeHtml(conversation.title)}”?</p>
    <button type="button" class="danger" data-confirm>Xóa</button>
    <button type="button" data-cancel>Hủy</button>`;
  const restore = () => {
    box.replaceWith(conversationItem(conversation));
    list.querySelector(`li[data-id="${CSS.escape(conversation.id)}"] [data-delete]`)?.focus();
  };
  box.querySelector('[data-confirm]').addEventListener('click', async () => {
    try {
      await apiJson(`/api/conversations/${encodeURIComponent(conversation.id)}`, { method: 'DELETE' });
    } catch (error) {
      listStatus.textContent = error.message;
      return;
    }
    listStatus.textContent = `Đã xóa “${conversation.title}”.`;
    if (conversation.id === conversationId) newConversation();
    await loadConversations();
    document.getElementById('new-conversation').focus();
  });
  box.querySelector('[data-cancel]').addEventListener('click', restore);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      restore();
    }
  });
  item.replaceChildren(box);
  box.querySelector('[data-cancel]').focus();
}

function newConversation() {
  stop();
  messages.innerHTML = EMPTY_HTML;
  setCurrent(null);
  panel.close();
}

async function openConversation(id) {
  stop();
  let conversation;
  try {
    conversation = await apiJson(`/api/conversations/${encodeURIComponent(id)}`);
  } catch (error) {
    messages.innerHTML = '';
    addMessage('assistant error', escapeHtml(error.status === 404 ? 'Không tìm thấy cuộc hội thoại này (có thể đã bị xóa).' : error.message));
    setCurrent(null);
    return;
  }
  messages.innerHTML = '';
  titleElement.textContent = conversation.title;
  setCurrent(conversation.id);
  let question = '';
  for (const message of conversation.messages) {
    if (message.role === 'user') {
      question = message.content;
      addMessage('user', escapeHtml(message.content));
    } else {
      const node = addMessage('assistant', '');
      if (message.payload && typeof message.payload === 'object' && 'answer' in message.payload) showAnswer(node, message.payload, question);
      else node.textContent = message.content;
    }
  }
  if (conversation.messages.length === 0) messages.innerHTML = EMPTY_HTML;
  messages.scrollTop = messages.scrollHeight;
}

function closeSidebar(focusToggle = true) {
  if (!document.body.classList.contains('conversations-open')) return;
  document.body.classList.remove('conversations-open');
  openSidebar.setAttribute('aria-expanded', 'false');
  if (focusToggle) openSidebar.focus();
}

openSidebar.addEventListener('click', () => {
  document.body.classList.add('conversations-open');
  openSidebar.setAttribute('aria-expanded', 'true');
  document.getElementById('new-conversation').focus();
});
document.getElementById('close-conversations').addEventListener('click', () => closeSidebar());
sidebar.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && document.body.classList.contains('conversations-open') && !event.defaultPrevented) {
    event.preventDefault();
    closeSidebar();
  }
});
document.getElementById('new-conversation').addEventListener('click', () => {
  newConversation();
  closeSidebar(false);
  input.focus();
});
window.addEventListener('hashchange', () => {
  const id = idFromHash();
  if (id && id !== conversationId) openConversation(id);
  if (!id && conversationId) newConversation();
});

downloadButtons.forEach((button) => {
  button.addEventListener('click', async () => {
    if (!conversationId) return;
    const format = button.id === 'download-pdf' ? 'pdf' : 'docx';
    try {
      const name = await download(`/api/conversations/${encodeURIComponent(conversationId)}/export?format=${format}`, `hoi-dap.${format}`);
      askStatus.textContent = `Đã tải về ${name}.`;
    } catch (error) {
      askStatus.textContent = error.message;
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Messages and answers

function addMessage(role, html) {
  messages.querySelector('.empty')?.remove();
  const node = document.createElement('article');
  node.className = `message ${role}`;
  node.setAttribute('aria-label', role === 'user' ? 'Câu hỏi' : 'Câu trả lời');
  node.innerHTML = html;
  messages.appendChild(node);
  return node;
}

/** Keeps the new answer in view as it grows, never scrolling past its first line. */
function scrollToAnswer(node) {
  const top = node.offsetTop - 8;
  const bottom = node.offsetTop + node.offsetHeight - messages.clientHeight + 8;
  messages.scrollTop = Math.max(0, Math.min(top, bottom));
}

function showAnswer(node, result, question) {
  node.classList.add('rendered');
  node.classList.toggle('declined', result.outcome === 'decline');
  node.classList.toggle('likely', result.outcome === 'likely');
  const body = document.createElement('div');
  body.className = 'answer';
  renderAnswer(body, result, { onCite: (citation, button) => panel.open(citation.unitId, { quotes: citation.spans?.length ? citation.spans : [citation.quote], highlight: true, opener: button }) });
  const actions = document.createElement('div');
  actions.className = 'answer-actions';
  const feedbackId = `feedback-${Math.random().toString(36).slice(2, 10)}`;
  actions.innerHTML = `
    <button type="button" data-copy>Sao chép</button>
    <div class="feedback" role="group" aria-label="Đánh giá câu trả lời">
      <button type="button" data-rate="up" aria-pressed="false">✓ Hữu ích</button>
      <button type="button" data-rate="down" aria-pressed="false">✗ Chưa đúng</button>
      <label for="${feedbackId}" class="visually-hidden">Góp ý (không bắt buộc)</label>
      <textarea id="${feedbackId}" rows="1" placeholder="Góp ý (không bắt buộc)"></textarea>
    </div>
    <p class="action-status" role="status"></p>`;
  node.replaceChildren(body, actions);
  const status = actions.querySelector('.action-status');
  actions.querySelector('[data-copy]').addEventListener('click', async () => {
    const ok = await copyText(answerAsText(result), answerAsHtml(result));
    status.textContent = ok ? 'Đã sao chép câu trả lời kèm căn cứ.' : 'Không sao chép được.';
  });
  actions.querySelectorAll('[data-rate]').forEach((button) => {
    button.addEventListener('click', async () => {
      const comment = actions.querySelector('textarea').value.trim();
      try {
        await apiJson('/api/feedback', {
          method: 'POST',
          body: { question: question || '(không rõ câu hỏi)', answer: result.answer, rating: button.dataset.rate, ...(comment ? { comment } : {}), citations: (result.citations || []).map((c) => c.label) },
        });
        actions.querySelectorAll('[data-rate]').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
        status.textContent = 'Đã ghi nhận góp ý, cảm ơn bạn.';
      } catch (error) {
        status.textContent = `Chưa gửi được góp ý: ${error.message}`;
      }
    });
  });
}

function setBusy(busy) {
  sendButton.disabled = busy;
  stopButton.hidden = !busy;
  form.setAttribute('aria-busy', String(busy));
  askStatus.textContent = busy ? 'Đang chuẩn bị câu trả lời…' : '';
}

function stop() {
  if (controller) controller.abort();
}

/** The part of the streamed text before the quotes: the short answer. */
function shortPart(text) {
  const cut = text.indexOf('\n\n');
  return cut >= 0 ? text.slice(0, cut) : text;
}

async function ask(question) {
  if (controller) return;
  controller = new AbortController();
  const signal = controller.signal;
  setBusy(true);
  addMessage('user', escapeHtml(question));
  const node = addMessage('assistant', '<p class="streaming">Đang tra cứu…</p>');
  // Read out once complete, not at every streamed piece.
  node.setAttribute('aria-busy', 'true');
  scrollToAnswer(node);
  const body = { message: question, ...(conversationId ? { conversationId } : {}), ...(asOf.value() ? { asOf: asOf.value() } : {}) };
  let streamed = '';
  let finished = false;
  try {
    const response = await api('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' }, body: JSON.stringify(body), signal });
    if (!response.ok || !response.body) {
      const data = await response.json().catch(() => ({}));
      node.classList.add('error');
      node.textContent = errorText(data);
      finished = true;
      return;
    }
    await readEvents(response, (event, data) => {
      if (event === 'start') {
        if (data.conversationId && data.conversationId !== conversationId) {
          setCurrent(data.conversationId);
          loadConversations();
        }
      } else if (event === 'delta') {
        streamed += data.text;
        const hasMore = streamed.includes('\n\n');
        node.innerHTML = `<div class="answer streaming-text">${escapeHtml(shortPart(streamed))}</div>${hasMore ? '<p class="streaming">Đang nhận trích dẫn…</p>' : ''}`;
        scrollToAnswer(node);
      } else if (event === 'done') {
        showAnswer(node, data, question);
        scrollToAnswer(node);
        finished = true;
      } else if (event === 'error') {
        node.classList.add('error');
        node.textContent = data.message || 'Có lỗi xảy ra.';
        finished = true;
      }
    });
    if (!finished) {
      node.classList.add('error');
      node.textContent = 'Kết nối bị ngắt trước khi nhận đủ câu trả lời.';
    }
  } catch (error) {
    if (signal.aborted) {
      node.classList.add('stopped');
      node.innerHTML = `${streamed ? `<div class="answer">${escapeHtml(shortPart(streamed))}</div>` : ''}<p class="stopped-note">Đã dừng. Bạn có thể hỏi lại hoặc hỏi câu khác.</p>`;
    } else {
      node.classList.add('error');
      node.textContent = 'Không kết nối được máy chủ.';
    }
  } finally {
    node.removeAttribute('aria-busy');
    controller = null;
    setBusy(false);
    if (finished) askStatus.textContent = 'Đã có câu trả lời.';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const question = input.value.trim();
  if (!question || controller) return;
  input.value = '';
  ask(question);
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    if (!controller) form.requestSubmit();
  }
});
stopButton.addEventListener('click', () => {
  stop();
  input.focus();
});

await loadConversations();
const initial = idFromHash();
if (initial) await openConversation(initial);
