// One answer as the reader sees it: the short part first with a chip for each citation marker, the
// validity notes visible, the verbatim quotes collapsed; "likely" answers headed as provisions to read
// and compare, declines said plainly, verified answers stamped with who approved them and when. Also
// the answer as plain and rich text for the clipboard, citations written out in the official form.
import { displayDate } from './dates.js';
import { badge, escapeHtml } from './panel.js';

export const LIKELY_HEADING = 'Quy định có thể áp dụng — cần đọc và đối chiếu';

/** "Câu trả lời chuẩn — đã duyệt bởi Trần Thị B ngày 05/03/2026". */
export function verifiedStamp(verified) {
  return `Câu trả lời chuẩn — đã duyệt bởi ${verified.approvedBy} ngày ${displayDate(String(verified.approvedAt).slice(0, 10))}`;
}

/** The "Lưu ý: …" lines of the answer text (validity and amendment notes). */
export function notesOf(result) {
  return String(result.answer || '')
    .split('\n')
    .filter((line) => line.startsWith('Lưu ý:'));
}

function clip(text, length = 240) {
  const value = String(text || '').replace(/\s+/gu, ' ').trim();
  return value.length <= length ? value : `${value.slice(0, length - 1)}…`;
}

function quoteOf(citation) {
  return citation.spans && citation.spans.length > 0 ? citation.spans.join(' … ') : citation.quote || '';
}

/** The answer's text with [n] markers turned into citation chips (only for citations that exist). */
function withChips(text, byNumber) {
  return escapeHtml(text).replace(/\[(\d+)\]/gu, (marker, n) => {
    const citation = byNumber.get(Number(n));
    return citation
      ? `<button type="button" class="chip" data-n="${n}" aria-label="Mở trích dẫn ${n}: ${escapeHtml(citation.label)}">${n}</button>`
      : marker;
  });
}

/**
 * Fills `node` with the answer. `onCite(citation, element)` is called when a chip or a source is
 * activated (the page opens the provision panel).
 */
export function renderAnswer(node, result, { onCite } = {}) {
  const citations = result.citations || [];
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  const outcome = result.outcome || (result.grounded ? 'answer' : 'decline');
  const notes = notesOf(result);
  const short = result.short || String(result.answer || '').split('\n\n')[0];
  const parts = [];
  if (outcome === 'likely') parts.push(`<p class="outcome outcome-likely"><strong>${LIKELY_HEADING}</strong></p>`);
  if (result.verified) parts.push(`<p class="verified-stamp"><span aria-hidden="true">✔</span> ${escapeHtml(verifiedStamp(result.verified))}</p>`);
  parts.push(`<div class="short${outcome === 'decline' ? ' declined-text' : ''}">${withChips(short, byNumber)}</div>`);
  if (outcome === 'likely' && citations.length > 0) {
    parts.push(
      `<ol class="likely-list">${citations
        .map((c) => `<li><button type="button" class="chip" data-n="${c.n}" aria-label="Mở trích dẫn ${c.n}: ${escapeHtml(c.label)}">${c.n}</button> <strong>${escapeHtml(c.label)}</strong>${c.inForce === false ? ` ${badge(c.status, c.validityNote)}` : ''}: “${escapeHtml(clip(c.spans?.[0] || c.quote))}”</li>`)
        .join('')}</ol>`,
    );
  }
  if (notes.length > 0) parts.push(`<ul class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  if (result.notice) parts.push(`<p class="notice">${escapeHtml(result.notice)}</p>`);
  if (citations.length > 0) {
    parts.push(`<details class="quotes"><summary>Trích dẫn nguyên văn (${citations.length} quy định)</summary><ol class="sources">${citations
      .map(
        (c) => `<li>
          <button type="button" class="source" data-n="${c.n}"><span class="n">[${c.n}]</span> ${escapeHtml(c.label)}</button>
          ${badge(c.status, c.inForce ? '' : c.validityNote)}${c.title ? ` <span class="source-title">(${escapeHtml(c.title)})</span>` : ''}
          <blockquote>${escapeHtml(quoteOf(c))}</blockquote>
        </li>`,
      )
      .join('')}</ol></details>`);
  }
  if (result.asOf && outcome !== 'decline') parts.push(`<p class="as-of-line">Theo văn bản có hiệu lực tại ngày ${escapeHtml(displayDate(result.asOf))}.</p>`);
  node.innerHTML = parts.join('');
  node.querySelectorAll('[data-n]').forEach((button) => {
    button.addEventListener('click', () => {
      const citation = byNumber.get(Number(button.dataset.n));
      if (citation && onCite) onCite(citation, button);
    });
  });
}

/** The answer as plain text: short part, "Căn cứ:" with each citation in the official form and its quote, notes, as-of date. */
export function answerAsText(result) {
  const lines = [];
  if (result.outcome === 'likely') lines.push(LIKELY_HEADING);
  if (result.verified) lines.push(verifiedStamp(result.verified));
  lines.push(result.short || String(result.answer || '').split('\n\n')[0]);
  const citations = result.citations || [];
  if (citations.length > 0) {
    lines.push('', 'Căn cứ:');
    for (const c of citations) lines.push(`[${c.n}] ${c.label}${c.title ? ` (${c.title})` : ''}: “${quoteOf(c)}”${c.inForce === false && c.validityNote ? ` — ${c.validityNote}` : ''}`);
  }
  const notes = notesOf(result);
  if (notes.length > 0) lines.push('', ...notes);
  if (result.asOf && result.outcome !== 'decline') lines.push('', `Hiệu lực văn bản tính đến ngày ${displayDate(result.asOf)}.`);
  return lines.join('\n');
}

/** The same as rich text for pasting into a report. */
export function answerAsHtml(result) {
  const parts = [];
  if (result.outcome === 'likely') parts.push(`<p><strong>${LIKELY_HEADING}</strong></p>`);
  if (result.verified) parts.push(`<p><em>${escapeHtml(verifiedStamp(result.verified))}</em></p>`);
  parts.push(`<p>${escapeHtml(result.short || String(result.answer || '').split('\n\n')[0])}</p>`);
  const citations = result.citations || [];
  if (citations.length > 0) {
    parts.push(`<p><strong>Căn cứ:</strong></p><ol>${citations
      .map((c) => `<li value="${c.n}"><strong>${escapeHtml(c.label)}</strong>${c.title ? ` (${escapeHtml(c.title)})` : ''}: “${escapeHtml(quoteOf(c))}”</li>`)
      .join('')}</ol>`);
  }
  const notes = notesOf(result);
  if (notes.length > 0) parts.push(notes.map((n) => `<p>${escapeHtml(n)}</p>`).join(''));
  if (result.asOf && result.outcome !== 'decline') parts.push(`<p><em>Hiệu lực văn bản tính đến ngày ${escapeHtml(displayDate(result.asOf))}.</em></p>`);
  return parts.join('');
}
