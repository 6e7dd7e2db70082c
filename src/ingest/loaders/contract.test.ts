/** Every format loader runs the same contract (OCR formats apart: they are slow and have their own tests). */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { docxOf } from '../fixtures/files.js';
import { runLoaderContract } from './contract.js';

/** A TrueType font with every Vietnamese letter (CI installs fonts-dejavu-core). */
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

/** A one-page PDF with a real text layer, as a word processor exports it: every line drawn in an embedded font. */
function textLayerPdf(lines: readonly string[]): Promise<Buffer> {
  if (!fs.existsSync(FONT)) throw new Error(`${FONT} is missing (Debian: apt-get install fonts-dejavu-core)`);
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: 'A4', margin: 50 });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    document.font(FONT).fontSize(10);
    for (const line of lines) document.text(line === '' ? ' ' : line);
    document.end();
  });
}

// A text saved by Windows Notepad from a Mac copy: byte-order mark, CRLF, letters in decomposed (NFD) form.
runLoaderContract({
  extension: '.txt',
  format: 'text',
  write: (lines) => Buffer.from(`\ufeff${lines.join('\r\n').normalize('NFD')}\r\n`, 'utf8'),
  emptyDocument: () => Buffer.from(' \r\n\r\n \r\n'),
});

runLoaderContract({
  extension: '.md',
  format: 'markdown',
  write: (lines) => Buffer.from(lines.map((line) => (line.startsWith('Điều ') ? `## **${line}**` : line)).join('\n\n')),
  emptyDocument: () => Buffer.from('# \n\n---\n\n'),
});

runLoaderContract({
  extension: '.html',
  format: 'html',
  write: (lines) =>
    Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Luật</title><style>p{margin:0}</style></head><body>${lines
      .map((line) => (line.startsWith('Điều ') ? `<h3>${escapeHtml(line)}</h3>` : `<p>${escapeHtml(line)}</p>`))
      .join('\n')}</body></html>`),
  emptyDocument: () => Buffer.from('<html><body><p> </p><div></div></body></html>'),
});

runLoaderContract({
  extension: '.docx',
  format: 'docx',
  write: (lines) => docxOf(lines),
  emptyDocument: () => docxOf([]),
});

runLoaderContract({
  extension: '.pdf',
  format: 'pdf',
  write: textLayerPdf,
});
