import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import type { ConversationWithMessages } from '../../store/types.js';
import { conversationBlocks, toConversationPdf, toDocx } from './conversationExport.js';

const conversation: ConversationWithMessages = {
  id: 'c1',
  userId: 'u1',
  title: 'Thời hạn thanh tra',
  createdAt: '2026-11-20T03:00:00.000Z',
  updatedAt: '2026-11-20T03:01:00.000Z',
  messages: [
    { id: 'm1', conversationId: 'c1', role: 'user', content: 'Thời hạn thanh tra tối đa bao lâu?', payload: null, createdAt: '2026-11-20T03:00:00.000Z' },
    {
      id: 'm2',
      conversationId: 'c1',
      role: 'assistant',
      content: 'Không quá 60 ngày [1].',
      payload: {
        answer: 'Không quá 60 ngày [1].\n\nCăn cứ:\n[1] …\nLưu ý: Khoản 1 Điều 47 Luật Thanh tra số 11/2022/QH15 — hết hiệu lực từ 01/07/2025.',
        short: 'Không quá 60 ngày [1].',
        outcome: 'answer',
        asOf: '2024-06-01',
        citations: [
          { n: 1, label: 'Khoản 1 Điều 47 Luật Thanh tra số 11/2022/QH15', title: 'Thời hạn thanh tra', quote: '1. Thời hạn…', spans: ['1. Thời hạn thực hiện một cuộc thanh tra', 'a) … không quá 60 ngày'], inForce: true, validityNote: 'Còn hiệu lực' },
        ],
      },
      createdAt: '2026-11-20T03:00:01.000Z',
    },
    {
      id: 'm3',
      conversationId: 'c1',
      role: 'assistant',
      content: 'Chưa đủ chắc chắn',
      payload: { answer: 'Chưa đủ chắc chắn', short: 'Chưa đủ chắc chắn', outcome: 'likely', citations: [], verified: { label: 'Câu trả lời chuẩn — X', approvedBy: 'Trần Thị B', approvedAt: '2026-03-05T10:00:00.000Z' } },
      createdAt: '2026-11-20T03:00:02.000Z',
    },
  ],
};

describe('a conversation exported', () => {
  const blocks = conversationBlocks(conversation, '2026-11-25');
  const text = blocks.map((block) => block.text).join('\n');

  it('states the export date, each answer’s as-of date, the citations in the official form with their quotes, and the notes', () => {
    expect(blocks[0]).toEqual({ kind: 'title', text: 'Thời hạn thanh tra' });
    expect(text).toContain('Ngày xuất: 25/11/2026');
    expect(text).toContain('Hiệu lực văn bản tính đến ngày 01/06/2024');
    expect(text).toContain('[1] Khoản 1 Điều 47 Luật Thanh tra số 11/2022/QH15 (Thời hạn thanh tra): “1. Thời hạn thực hiện một cuộc thanh tra … a) … không quá 60 ngày”');
    expect(text).toContain('Lưu ý: Khoản 1 Điều 47 Luật Thanh tra số 11/2022/QH15 — hết hiệu lực từ 01/07/2025.');
    expect(text).toContain('Trả lời — Quy định có thể áp dụng — cần đọc và đối chiếu');
    expect(text).toContain('Câu trả lời chuẩn — đã duyệt bởi Trần Thị B ngày 05/03/2026');
    expect(text).toMatch(/Câu hỏi 1 \(20\/11\/2026 \d\d:\d\d\)/u);
  });

  it('writes a DOCX whose text is those blocks, Vietnamese letters intact', async () => {
    const file = await toDocx(blocks);
    expect(file.subarray(0, 2).toString()).toBe('PK');
    const { value } = await mammoth.extractRawText({ buffer: file });
    expect(value).toContain('Khoản 1 Điều 47 Luật Thanh tra số 11/2022/QH15');
    expect(value).toContain('Hiệu lực văn bản tính đến ngày 01/06/2024');
  });

  it('writes a PDF with the configured font, Vietnamese letters intact', async () => {
    const file = await toConversationPdf(blocks, loadConfig({}).PDF_FONT);
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(file) });
    try {
      const { text: pdfText } = await parser.getText();
      expect(pdfText.normalize('NFC')).toContain('Thời hạn thanh tra');
      expect(pdfText.normalize('NFC')).toContain('01/06/2024');
    } finally {
      await parser.destroy();
    }
  });
});
