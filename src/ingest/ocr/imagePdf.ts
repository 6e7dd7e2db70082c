/**
 * Writes page images into an image-only PDF, the way a scanner without OCR does: one JPEG a page,
 * no text layer. Used to make scanned documents for the tests and the OCR benchmark.
 */
import sharp from 'sharp';

export interface ScannedPage {
  /** Any image sharp reads; it is stored as a greyscale JPEG. */
  image: Buffer;
  /** Resolution the page was scanned at, which sets the page size (default 200). */
  dpi?: number;
}

export async function imageOnlyPdf(pages: readonly ScannedPage[], quality = 75): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const write = (chunk: Buffer | string): void => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    chunks.push(buffer);
    length += buffer.length;
  };
  const object = (id: number, body: Array<Buffer | string>): void => {
    offsets[id] = length;
    write(`${id} 0 obj\n`);
    for (const part of body) write(part);
    write('\nendobj\n');
  };
  write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const pageIds = pages.map((_, index) => 3 + index * 3);
  object(1, ['<< /Type /Catalog /Pages 2 0 R >>']);
  object(2, [`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`]);
  for (const [index, page] of pages.entries()) {
    const { data, info } = await sharp(page.image).greyscale().toColourspace('b-w').jpeg({ quality }).toBuffer({ resolveWithObject: true });
    const dpi = page.dpi ?? 200;
    const width = (info.width * 72) / dpi;
    const height = (info.height * 72) / dpi;
    const pageId = pageIds[index] ?? 0;
    const content = `q ${width.toFixed(2)} 0 0 ${height.toFixed(2)} 0 0 cm /Scan Do Q`;
    object(pageId, [`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width.toFixed(2)} ${height.toFixed(2)}] /Resources << /XObject << /Scan ${pageId + 2} 0 R >> >> /Contents ${pageId + 1} 0 R >>`]);
    object(pageId + 1, [`<< /Length ${content.length} >>\nstream\n${content}\nendstream`]);
    object(pageId + 2, [
      `<< /Type /XObject /Subtype /Image /Width ${info.width} /Height ${info.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${data.length} >>\nstream\n`,
      data,
      '\nendstream',
    ]);
  }
  const count = 3 + pages.length * 3;
  const xref = length;
  write(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let id = 1; id < count; id++) write(`${String(offsets[id] ?? 0).padStart(10, '0')} 00000 n \n`);
  write(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(chunks);
}
