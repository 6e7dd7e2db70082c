/**
 * A year's compendium of lessons in and out: imported from CSV, JSON or Markdown (the format the
 * export writes, so an exported year can be edited and imported again), exported as Markdown and PDF.
 *
 * Markdown: one lesson per "## " heading, then labelled paragraphs —
 *   **Năm:** 2025 · **Lĩnh vực:** Viễn thông · **Đơn vị:** Thanh tra Sở …
 *   **Tình huống:** …   **Bài học:** …   **Kiến nghị:** …   **Căn cứ:** ref; ref
 * CSV: a header row with year, field, title, situation, lesson, recommendation, legalBasis (references
 * separated by ";"), issuingUnit — Vietnamese headers (năm, lĩnh vực, tiêu đề, tình huống, bài học,
 * kiến nghị, căn cứ, đơn vị) are read too.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import PDFDocument from 'pdfkit';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { KnowledgeItem } from '../store/types.js';
import { foldDiacritics } from '../text/vietnamese.js';
import { LessonBody } from './types.js';

export interface CompendiumLesson {
  /** Written by the team as an example, not a real finding ("**Mẫu:** có"). */
  sample?: boolean;
  year?: number;
  field?: string;
  title: string;
  situation: string;
  lesson: string;
  recommendation?: string;
  issuingUnit?: string;
  legalBasis: string[];
}

const yes = z.union([z.boolean(), z.string()]).transform((value) => value === true || (typeof value === 'string' && /^(?:có|co|true|x|1)$/iu.test(value.trim())));

const Lesson = z.object({
  sample: yes.optional(),
  year: z.coerce.number().int().min(1945).max(2200).optional(),
  field: z.string().trim().min(1).max(200).optional(),
  title: z.string().trim().min(1).max(500),
  situation: z.string().trim().min(1),
  lesson: z.string().trim().min(1),
  recommendation: z.string().trim().min(1).optional(),
  issuingUnit: z.string().trim().min(1).max(300).optional(),
  // A lesson may have no legal basis (the API allows it, and the export then writes no "**Căn cứ:**" line).
  legalBasis: z.union([z.array(z.string()), z.string()]).default([]).transform((value) => (Array.isArray(value) ? value : value.split(';')).map((s) => s.trim()).filter(Boolean)),
});

/** Column names as people write them, folded, to the lesson's fields. */
const COLUMNS: Readonly<Record<string, keyof CompendiumLesson>> = {
  year: 'year', nam: 'year',
  field: 'field', 'linh vuc': 'field',
  title: 'title', 'tieu de': 'title', 'ten bai hoc': 'title',
  situation: 'situation', 'tinh huong': 'situation', 'phat hien': 'situation',
  lesson: 'lesson', 'bai hoc': 'lesson',
  recommendation: 'recommendation', 'kien nghi': 'recommendation',
  legalbasis: 'legalBasis', 'legal basis': 'legalBasis', 'can cu': 'legalBasis', 'can cu phap ly': 'legalBasis',
  issuingunit: 'issuingUnit', 'don vi': 'issuingUnit', 'don vi ban hanh': 'issuingUnit',
};

const columnOf = (header: string): keyof CompendiumLesson | undefined => COLUMNS[foldDiacritics(header).toLowerCase().trim()];

export interface ParsedCompendium {
  lessons: CompendiumLesson[];
  /** Entries that could not be read, with where and why. */
  problems: Array<{ entry: number; reason: string }>;
}

function checked(raw: unknown[], startAt = 1): ParsedCompendium {
  const lessons: CompendiumLesson[] = [];
  const problems: ParsedCompendium['problems'] = [];
  raw.forEach((entry, index) => {
    const parsed = Lesson.safeParse(entry);
    if (parsed.success) {
      const { year, field, recommendation, issuingUnit, sample, ...rest } = parsed.data;
      lessons.push({ ...rest, ...(sample ? { sample } : {}), ...(year !== undefined ? { year } : {}), ...(field ? { field } : {}), ...(recommendation ? { recommendation } : {}), ...(issuingUnit ? { issuingUnit } : {}) });
    } else {
      problems.push({ entry: index + startAt, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'dòng'}: ${i.message}`).join('; ') });
    }
  });
  return { lessons, problems };
}

export function parseCsv(content: string): ParsedCompendium {
  let rows: Array<Record<string, string>>;
  try {
    rows = parse(content.replace(/^\ufeff/u, ''), { columns: (headers: string[]) => headers.map((h) => columnOf(h) ?? h), skip_empty_lines: true, trim: true, relax_column_count: true }) as Array<Record<string, string>>;
  } catch (cause) {
    throw new AppError('BAD_REQUEST', `tệp CSV không đọc được: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  return checked(rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ''))), 2);
}

export function parseJson(content: string): ParsedCompendium {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (cause) {
    throw new AppError('BAD_REQUEST', `tệp JSON không đọc được: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const list = Array.isArray(data) ? data : z.object({ lessons: z.array(z.unknown()) }).safeParse(data).data?.lessons;
  if (!list) throw new AppError('BAD_REQUEST', 'tệp JSON phải là một mảng bài học, hoặc {"lessons": [...]}');
  return checked(list);
}

const LABELS: ReadonlyArray<readonly [string, keyof CompendiumLesson]> = [
  ['Năm', 'year'], ['Lĩnh vực', 'field'], ['Đơn vị', 'issuingUnit'], ['Tình huống', 'situation'], ['Bài học', 'lesson'], ['Kiến nghị', 'recommendation'], ['Căn cứ', 'legalBasis'], ['Mẫu', 'sample'],
];

export function parseMarkdown(content: string): ParsedCompendium {
  const sections = content.replace(/\r\n?/gu, '\n').split(/^## +/mu).slice(1);
  const entries = sections.map((section) => {
    const [titleLine = '', ...rest] = section.split('\n');
    const entry: Record<string, string> = { title: titleLine.trim() };
    let current: string | undefined;
    for (const line of rest) {
      // "**Năm:** 2025 · **Lĩnh vực:** Viễn thông" may hold several labelled fields on one line.
      const labelled = [...line.matchAll(/\*\*([^*:]+):\*\*\s*([^·]*)/gu)];
      if (labelled.length > 0) {
        for (const match of labelled) {
          const field = LABELS.find(([label]) => label === match[1]?.trim())?.[1];
          if (!field) continue;
          entry[field] = (match[2] ?? '').trim();
          current = field;
        }
        continue;
      }
      if (current && line.trim() !== '' && !line.startsWith('#')) entry[current] = `${entry[current] ?? ''}\n${line.trim()}`.trim();
    }
    return entry;
  });
  return checked(entries);
}

/** The body the store keeps for an imported lesson. */
export function lessonBodyOf(lesson: CompendiumLesson): z.infer<typeof LessonBody> {
  return { situation: lesson.situation, lesson: lesson.lesson, ...(lesson.recommendation ? { recommendation: lesson.recommendation } : {}), ...(lesson.issuingUnit ? { issuingUnit: lesson.issuingUnit } : {}), ...(lesson.sample ? { sample: true } : {}) };
}

/** A year's lessons as Markdown, in the format the import reads. */
export function toMarkdown(items: readonly KnowledgeItem[], heading: string): string {
  const lines = [`# ${heading}`, ''];
  for (const item of items) {
    const body = LessonBody.safeParse(item.body);
    if (!body.success) continue;
    const meta = [item.year ? `**Năm:** ${item.year}` : '', item.field ? `**Lĩnh vực:** ${item.field}` : '', body.data.issuingUnit ? `**Đơn vị:** ${body.data.issuingUnit}` : ''].filter(Boolean).join(' · ');
    lines.push(`## ${item.title}`, '');
    if (meta) lines.push(meta, '');
    lines.push(`**Tình huống:** ${body.data.situation}`, '', `**Bài học:** ${body.data.lesson}`, '');
    if (body.data.recommendation) lines.push(`**Kiến nghị:** ${body.data.recommendation}`, '');
    if (item.legalBasis.length > 0) lines.push(`**Căn cứ:** ${item.legalBasis.map((entry) => entry.label).join('; ')}`, '');
  }
  return `${lines.join('\n').trim()}\n`;
}

/** The same lessons as a PDF, in a font that has every Vietnamese letter (`fontFile`, e.g. DejaVu Sans). */
export function toPdf(items: readonly KnowledgeItem[], heading: string, fontFile: string): Promise<Buffer> {
  if (!fs.existsSync(fontFile)) throw new AppError('CONFIG_INVALID', `không có phông chữ ${fontFile} để xuất PDF (PDF_FONT; Debian: apt-get install fonts-dejavu-core)`);
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: 'A4', margin: 56, info: { Title: heading } });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    document.font(fontFile).fontSize(16).text(heading, { align: 'center' }).moveDown();
    for (const item of items) {
      const body = LessonBody.safeParse(item.body);
      if (!body.success) continue;
      document.fontSize(13).text(item.title).moveDown(0.3);
      const meta = [item.year ? `Năm: ${item.year}` : '', item.field ? `Lĩnh vực: ${item.field}` : '', body.data.issuingUnit ? `Đơn vị: ${body.data.issuingUnit}` : ''].filter(Boolean).join(' · ');
      document.fontSize(10);
      if (meta) document.text(meta).moveDown(0.3);
      document.text(`Tình huống: ${body.data.situation}`).moveDown(0.3).text(`Bài học: ${body.data.lesson}`).moveDown(0.3);
      if (body.data.recommendation) document.text(`Kiến nghị: ${body.data.recommendation}`).moveDown(0.3);
      if (item.legalBasis.length > 0) document.text(`Căn cứ: ${item.legalBasis.map((entry) => entry.label).join('; ')}`);
      document.moveDown();
    }
    document.end();
  });
}

export interface GuideDocument {
  title: string;
  field?: string;
  summary?: string;
  sample: boolean;
  steps: Array<{ title: string; text: string; legalBasis: string[] }>;
}

/**
 * An inspection-method guide written in Markdown (corpus/methods):
 *   # Title
 *   **Lĩnh vực:** Nghiệp vụ thanh tra · **Mẫu:** có
 *   summary …
 *   ## Bước 1. Step title
 *   text …
 *   **Căn cứ:** Điều 13 Nghị định số 217/2025/NĐ-CP; …
 */
export function parseGuideMarkdown(content: string): GuideDocument {
  const text = content.replace(/\r\n?/gu, '\n');
  const title = /^# +(.+)$/mu.exec(text)?.[1]?.trim();
  if (!title) throw new AppError('BAD_REQUEST', 'hướng dẫn thiếu tiêu đề "# ..."');
  const [head = '', ...stepSections] = text.split(/^## +/mu);
  const meta = (label: string, from: string): string | undefined => new RegExp(`\\*\\*${label}:\\*\\*\\s*([^·\\n]*)`, 'u').exec(from)?.[1]?.trim();
  const summary = head
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.includes('**'))
    .join(' ')
    .trim();
  const steps = stepSections.map((section) => {
    const [heading = '', ...lines] = section.split('\n');
    const basisLine = lines.find((line) => /^\*\*Căn cứ:\*\*/u.test(line));
    return {
      title: heading.replace(/^Bước\s+\d+\s*[.:]\s*/u, '').trim(),
      text: lines.filter((line) => line !== basisLine && line.trim() !== '').join('\n').trim(),
      legalBasis: (basisLine ? basisLine.replace(/^\*\*Căn cứ:\*\*\s*/u, '') : '').split(';').map((s) => s.trim()).filter(Boolean),
    };
  });
  if (steps.length === 0) throw new AppError('BAD_REQUEST', `hướng dẫn "${title}" không có bước nào ("## Bước 1. ...")`);
  const field = meta('Lĩnh vực', head);
  return { title, ...(field ? { field } : {}), ...(summary ? { summary } : {}), sample: /^(?:có|co)$/iu.test(meta('Mẫu', head) ?? ''), steps };
}
