import { api } from './api.js';
import { badge, createPanel, escapeHtml } from './panel.js';

const messages = document.getElementById('messages');
const form = document.getElementById('ask');
const input = document.getElementById('question');
const asOfInput = document.getElementById('as-of');
const panel = createPanel(document.getElementById('panel'), () => asOfInput.value);
const history = [];

function addMessage(role, html) {
  messages.querySelector('.empty')?.remove();
  const node = document.createElement('div');
  node.className = `message ${role}`;
  node.innerHTML = html;
  messages.appendChild(node);
  messages.scrollTop = messages.scrollHeight;
  return node;
}

function renderAnswer(node, result, question) {
  const byNumber = new Map(result.citations.map((c) => [c.n, c]));
  const text = escapeHtml(result.answer).replace(/\[(\d+)\]/g, (m, n) =>
    byNumber.has(Number(n)) ? `<button class="chip" data-n="${n}" aria-label="Mở trích dẫn ${n}">${n}</button>` : m,
  );
  const sources = result.citations
    .map((c) => `<button class="source" data-n="${c.n}"><b>[${c.n}]</b> ${escapeHtml(c.label)}${badge(c.status, c.inForce ? '' : c.validityNote)}</button>`)
    .join('');
  node.classList.toggle('declined', !result.grounded);
  node.classList.add('rendered');
  node.innerHTML = `<div class="answer">${text}</div>
    ${result.notice ? `<div class="notice">${escapeHtml(result.notice)}</div>` : ''}
    ${sources ? `<div class="sources">${sources}</div>` : ''}
    <div class="feedback">
      <button data-rate="up">✓ Hữu ích</button>
      <button data-rate="down">✗ Chưa đúng</button>
      <textarea placeholder="Góp ý (không bắt buộc)" aria-label="Góp ý"></textarea>
      <span class="feedback-status"></span>
    </div>`;
  node.querySelectorAll('[data-n]').forEach((button) => {
    button.addEventListener('click', () => {
      const citation = byNumber.get(Number(button.dataset.n));
      if (citation) panel.open(citation.unitId, citation.spans?.length ? citation.spans : [citation.quote]);
    });
  });
  node.querySelectorAll('[data-rate]').forEach((button) => {
    button.addEventListener('click', async () => {
      const comment = node.querySelector('.feedback textarea').value.trim();
      const response = await api('/api/feedback', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ question, answer: result.answer, rating: button.dataset.rate, ...(comment ? { comment } : {}), citations: result.citations.map((c) => c.label) }),
      });
      node.querySelector('.feedback-status').textContent = response.ok ? 'Đã ghi nhận góp ý, cảm ơn bạn.' : 'Chưa gửi được góp ý.';
    });
  });
}

async function ask(question) {
  addMessage('user', escapeHtml(question));
  const node = addMessage('assistant', '<span class="streaming">Đang tra cứu…</span>');
  const body = { message: question, history: history.slice(-6), ...(asOfInput.value ? { asOf: asOfInput.value } : {}) };
  let response;
  try {
    response = await api('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' }, body: JSON.stringify(body) });
  } catch {
    node.textContent = 'Không kết nối được máy chủ.';
    return;
  }
  if (!response.ok || !response.body) {
    const data = await response.json().catch(() => ({}));
    node.textContent = data.error?.details?.join('; ') || data.error?.message || 'Có lỗi xảy ra.';
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let streamed = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] || '{}');
      if (event === 'delta') {
        streamed += data.text;
        node.textContent = streamed;
      } else if (event === 'done') {
        renderAnswer(node, data, question);
        history.push({ role: 'user', content: question }, { role: 'assistant', content: data.answer });
      } else if (event === 'error') {
        node.textContent = data.message || 'Có lỗi xảy ra.';
      }
    }
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const question = input.value.trim();
  if (!question) return;
  input.value = '';
  ask(question);
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
