/**
 * GET /api/conversations/:id/export?format=docx|pdf — one of the user's own conversations saved as a
 * document: every question with its short answer, the provisions it rests on written out in the
 * official form with their quotes, the validity notes, the date each answer was given for ("as-of")
 * and the date of the export. Another user's conversation does not exist (404), as everywhere else.
 */
import fs from 'node:fs';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import PDFDocument from 'pdfkit';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { displayDate, today } from '../../legal/validity.js';
import type { ConversationWithMessages } from '../../store/types.js';
import type { AppDependencies } from '../app.js';
import { EVERYONE, userOf, type ApiBuilder } from '../api.js';

/** What an assistant turn's payload holds that the export writes (the chat JSON; anything else is ignored). */
const AnswerPayload = z.object({
  answer: z.string(),
  short: z.string().optional(),
  outcome: z.enum(['answer', 'likely', 'decline']).optional(),
  asOf: z.string().optional(),
  citations: z
    .array(
      z.object({
        n: z.number(),
        label: z.string(),
        title: z.string().optional(),
        quote: z.string().optional(),
        spans: z.array(z.string()).optional(),
        inForce: z.boolean().optional(),
        validityNote: z.string().optional(),
      }),
    )
    .default([]),
  verified: z.object({ label: z.string(), approvedBy: z.string(), approvedAt: z.string() }).optional(),
});

export const LIKELY_HEADING = 'Quy định có thể áp dụng — cần đọc và đối chiếu';

/** One block of the exported document: a heading, a labelled line or a plain paragraph. */
export interface ExportBlock {
  kind: 'title' | 'heading' | 'meta' | 'text' | 'quote' | 'note';
  text: string;
}

/** "25/11/2026 14:05" from an ISO timestamp, in the service's time zone, never the reader's locale. */
function displayTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const isIsoDate = (value: string | undefined): value is string => value !== undefined && /^\d{4}-\d{2}-\d{2}$/u.test(value);

/** The conversation as blocks, in order: what both the DOCX and the PDF write. */
export function conversationBlocks(conversation: ConversationWithMessages, exportedOn = today()): ExportBlock[] {
  const blocks: ExportBlock[] = [
    { kind: 'title', text: conversation.title },
    { kind: 'meta', text: 'Trợ lý pháp luật — Thanh tra thông tin và truyền thông' },
    { kind: 'meta', text: `Ngày xuất: ${displayDate(exportedOn)}` },
  ];
  let asked = 0;
  for (const message of conversation.messages) {
    if (message.role === 'user') {
      asked += 1;
      blocks.push({ kind: 'heading', text: `Câu hỏi ${asked} (${displayTimestamp(message.createdAt)})` }, { kind: 'text', text: message.content });
      continue;
    }
    const parsed = AnswerPayload.safeParse(message.payload);
    if (!parsed.success) {
      blocks.push({ kind: 'heading', text: 'Trả lời' }, { kind: 'text', text: message.content });
      continue;
    }
    const answer = parsed.data;
    blocks.push({ kind: 'heading', text: answer.outcome === 'likely' ? `Trả lời — ${LIKELY_HEADING}` : 'Trả lời' });
    if (answer.verified) {
      blocks.push({ kind: 'note', text: `Câu trả lời chuẩn — đã duyệt bởi ${answer.verified.approvedBy} ngày ${displayDate(answer.verified.approvedAt.slice(0, 10))}` });
    }
    blocks.push({ kind: 'text', text: answer.short || message.content });
    if (answer.citations.length > 0) {
      blocks.push({ kind: 'meta', text: 'Căn cứ:' });
      for (const citation of answer.citations) {
        const quote = citation.spans && citation.spans.length > 0 ? citation.spans.join(' … ') : (citation.quote ?? '');
        blocks.push({ kind: 'quote', text: `[${citation.n}] ${citation.label}${citation.title ? ` (${citation.title})` : ''}${quote ? `: “${quote}”` : ''}` });
        if (citation.inForce === false && citation.validityNote) blocks.push({ kind: 'note', text: `${citation.label}: ${citation.validityNote}` });
      }
    }
    for (const line of answer.answer.split('\n')) if (line.startsWith('Lưu ý:')) blocks.push({ kind: 'note', text: line });
    if (isIsoDate(answer.asOf)) blocks.push({ kind: 'meta', text: `Hiệu lực văn bản tính đến ngày ${displayDate(answer.asOf)}` });
  }
  if (asked === 0) blocks.push({ kind: 'text', text: 'Cuộc hội thoại chưa có câu hỏi nào.' });
  return blocks;
}

export async function toDocx(blocks: readonly ExportBlock[]): Promise<Buffer> {
  const paragraphs = blocks.map((block) => {
    switch (block.kind) {
      case 'title':
        return new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(block.text)] });
      case 'heading':
        return new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240 }, children: [new TextRun(block.text)] });
      case 'meta':
        return new Paragraph({ children: [new TextRun({ text: block.text, italics: true })] });
      case 'quote':
        return new Paragraph({ indent: { left: 360 }, spacing: { after: 80 }, children: [new TextRun({ text: block.text, size: 22 })] });
      case 'note':
        return new Paragraph({ children: [new TextRun({ text: block.text, bold: true })] });
      case 'text':
        return new Paragraph({ spacing: { after: 120 }, children: [new TextRun(block.text)] });
    }
  });
  const document = new Document({
    creator: 'Trợ lý pháp luật thanh tra',
    title: blocks[0]?.text ?? 'Cuộc hội thoại',
    styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } },
    sections: [{ children: paragraphs }],
  });
  return Packer.toBuffer(document);
}

export function toConversationPdf(blocks: readonly ExportBlock[], fontFile: string): Promise<Buffer> {
  if (!fs.existsSync(fontFile)) throw new AppError('CONFIG_INVALID', `không có phông chữ ${fontFile} để xuất PDF (PDF_FONT; Debian: apt-get install fonts-dejavu-core)`);
  const boldFile = fontFile.replace(/\.ttf$/iu, '-Bold.ttf');
  const bold = fs.existsSync(boldFile) ? boldFile : fontFile;
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: 'A4', margin: 56, info: { Title: blocks[0]?.text ?? 'Cuộc hội thoại' } });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    for (const block of blocks) {
      switch (block.kind) {
        case 'title':
          document.font(bold).fontSize(16).text(block.text, { align: 'center' }).moveDown(0.5);
          break;
        case 'heading':
          document.moveDown(0.6).font(bold).fontSize(12).text(block.text).moveDown(0.2);
          break;
        case 'meta':
          document.font(fontFile).fontSize(10).fillColor('#444444').text(block.text).fillColor('#000000');
          break;
        case 'quote':
          document.font(fontFile).fontSize(10).text(block.text, { indent: 18 }).moveDown(0.2);
          break;
        case 'note':
          document.font(bold).fontSize(10).text(block.text).moveDown(0.2);
          break;
        case 'text':
          document.font(fontFile).fontSize(11).text(block.text).moveDown(0.3);
          break;
      }
    }
    document.end();
  });
}

const Query = z.object({ format: z.enum(['docx', 'pdf']).default('docx') });

export function conversationExportRoutes(api: ApiBuilder, { store, pdfFont }: AppDependencies): void {
  api.get('/conversations/:id/export', EVERYONE, async (request, response) => {
    const { format } = Query.parse(request.query);
    const conversation = await store.getConversation(userOf(response).id, String(request.params['id']));
    if (!conversation) throw new AppError('NOT_FOUND', 'cuộc hội thoại');
    const exportedOn = today();
    const blocks = conversationBlocks(conversation, exportedOn);
    const name = `hoi-dap-${exportedOn}.${format}`;
    const file = format === 'docx' ? await toDocx(blocks) : await toConversationPdf(blocks, pdfFont);
    response
      .set('Content-Type', format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf')
      .set('Content-Disposition', `attachment; filename="${name}"`)
      .send(file);
  });
}
