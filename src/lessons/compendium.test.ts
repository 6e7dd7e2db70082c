import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { KnowledgeItem } from '../store/types.js';
import { parseCsv, parseGuideMarkdown, parseJson, parseMarkdown, toMarkdown, type CompendiumLesson } from './compendium.js';

const BASIS = 'Điểm a Khoản 1 Điều 5 Nghị định số 20/2031/NĐ-CP; Khoản 1 Điều 3 Nghị định số 10/2030/NĐ-CP';

describe('parseCsv', () => {
  it('reads Vietnamese headers, quoted commas and a list of references, and reports a bad row by its line', () => {
    const csv = [
      '\ufeffNăm,Lĩnh vực,Tiêu đề,Tình huống,Bài học,Kiến nghị,Căn cứ,Đơn vị',
      `2025,Viễn thông,"Bán SIM kích hoạt sẵn, tại đại lý","Đại lý bán SIM đã có thông tin, không ký hợp đồng",Kiểm tra hợp đồng đại lý,,"${BASIS}",Thanh tra Sở`,
      '1800,Viễn thông,Năm sai,Tình huống,Bài học,,,',
      '2026,Báo chí,,Thiếu tiêu đề,Bài học,,,',
    ].join('\r\n');
    const { lessons, problems } = parseCsv(csv);
    expect(lessons).toEqual([
      {
        year: 2025,
        field: 'Viễn thông',
        title: 'Bán SIM kích hoạt sẵn, tại đại lý',
        situation: 'Đại lý bán SIM đã có thông tin, không ký hợp đồng',
        lesson: 'Kiểm tra hợp đồng đại lý',
        issuingUnit: 'Thanh tra Sở',
        legalBasis: ['Điểm a Khoản 1 Điều 5 Nghị định số 20/2031/NĐ-CP', 'Khoản 1 Điều 3 Nghị định số 10/2030/NĐ-CP'],
      },
    ]);
    expect(problems.map((p) => p.entry)).toEqual([3, 4]);
    // One reason each: an empty "Căn cứ" is no problem.
    expect(problems[0]?.reason).toMatch(/^year: [^;]+$/u);
    expect(problems[1]?.reason).toMatch(/^title: [^;]+$/u);
  });

  it('reads a lesson without a legal basis, as the API takes it', () => {
    const { lessons, problems } = parseCsv('tiêu đề,tình huống,bài học,căn cứ\nTiêu đề,Tình huống,Bài học,\n');
    expect(problems).toEqual([]);
    expect(lessons).toEqual([{ title: 'Tiêu đề', situation: 'Tình huống', lesson: 'Bài học', legalBasis: [] }]);
  });

  it('reads English headers too', () => {
    const { lessons, problems } = parseCsv('title,situation,lesson,legalBasis\nTiêu đề,Tình huống,Bài học,Điều 1 Luật A\n');
    expect(problems).toEqual([]);
    expect(lessons).toEqual([{ title: 'Tiêu đề', situation: 'Tình huống', lesson: 'Bài học', legalBasis: ['Điều 1 Luật A'] }]);
  });

  it('refuses a file that is not CSV with BAD_REQUEST', () => {
    expect(() => parseCsv('title,situation\n"không đóng ngoặc,x\n')).toThrow(AppError);
  });
});

describe('parseJson', () => {
  const lesson = { title: 'Tiêu đề', situation: 'Tình huống', lesson: 'Bài học', legalBasis: 'Điều 1 Luật A; Điều 2 Luật A', sample: 'có' };

  it('reads an array or {"lessons": [...]}, numbering bad entries from 1', () => {
    const fromArray = parseJson(JSON.stringify([lesson, { title: 'Không có tình huống' }]));
    expect(fromArray.lessons).toEqual([{ title: 'Tiêu đề', situation: 'Tình huống', lesson: 'Bài học', legalBasis: ['Điều 1 Luật A', 'Điều 2 Luật A'], sample: true }]);
    expect(fromArray.problems.map((p) => p.entry)).toEqual([2]);
    expect(parseJson(JSON.stringify({ lessons: [lesson] })).lessons).toHaveLength(1);
  });

  it('refuses broken JSON and JSON of another shape', () => {
    expect(() => parseJson('[{')).toThrow(AppError);
    expect(() => parseJson('{"items": []}')).toThrow(/mảng bài học/u);
  });
});

function item(lesson: CompendiumLesson, id: string): KnowledgeItem {
  return {
    id,
    kind: 'lesson',
    status: 'published',
    year: lesson.year ?? null,
    field: lesson.field ?? null,
    title: lesson.title,
    body: { situation: lesson.situation, lesson: lesson.lesson, ...(lesson.recommendation ? { recommendation: lesson.recommendation } : {}), ...(lesson.issuingUnit ? { issuingUnit: lesson.issuingUnit } : {}) },
    legalBasis: lesson.legalBasis.map((label, i) => ({ label, unitId: `unit-${i}`, textHash: 'h' })),
    author: 'u1',
    reviewer: 'u2',
    approvedAt: '2030-01-01T00:00:00Z',
    staleReason: null,
    staleAt: null,
    createdAt: '2030-01-01T00:00:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
    version: 1,
  };
}

describe('Markdown', () => {
  const lessons: CompendiumLesson[] = [
    {
      year: 2025,
      field: 'Viễn thông',
      issuingUnit: 'Thanh tra Sở',
      title: 'Bán SIM kích hoạt sẵn',
      situation: 'Đại lý bán SIM đã có thông tin thuê bao.\nKhông có hợp đồng đại lý.',
      lesson: 'Kiểm tra hợp đồng đại lý trước.',
      recommendation: 'Bổ sung quy định về đại lý.',
      legalBasis: ['Điểm a Khoản 1 Điều 5 Nghị định số 20/2031/NĐ-CP', 'Khoản 1 Điều 3 Nghị định số 10/2030/NĐ-CP'],
    },
    { title: 'Bài học không có năm', situation: 'Tình huống ngắn.', lesson: 'Bài học ngắn.', legalBasis: [] },
  ];

  it('reads back what the export writes (a round trip)', () => {
    const markdown = toMarkdown(
      lessons.map((lesson, i) => item(lesson, `l${i}`)),
      'Bài học kinh nghiệm năm 2025',
    );
    expect(markdown.startsWith('# Bài học kinh nghiệm năm 2025\n')).toBe(true);
    expect(markdown).toContain('**Năm:** 2025 · **Lĩnh vực:** Viễn thông · **Đơn vị:** Thanh tra Sở');
    const parsed = parseMarkdown(markdown);
    expect(parsed.problems).toEqual([]);
    expect(parsed.lessons).toEqual(lessons);
  });

  it('skips items whose body is not a lesson', () => {
    const guide: KnowledgeItem = { ...item(lessons[1] as CompendiumLesson, 'g1'), kind: 'guide', body: { steps: [] } };
    expect(toMarkdown([guide], 'Trống')).toBe('# Trống\n');
  });

  it('reads a sample mark and reports a lesson without its situation', () => {
    const parsed = parseMarkdown('# Năm 2030\n\n## Mẫu thử\n\n**Mẫu:** có\n\n**Tình huống:** Một tình huống.\n\n**Bài học:** Một bài học.\n\n## Thiếu\n\n**Bài học:** Chỉ có bài học.\n');
    expect(parsed.lessons).toEqual([{ title: 'Mẫu thử', sample: true, situation: 'Một tình huống.', lesson: 'Một bài học.', legalBasis: [] }]);
    expect(parsed.problems.map((p) => p.entry)).toEqual([2]);
  });
});

describe('parseGuideMarkdown', () => {
  const guide = [
    '# Kiểm tra đại lý bán SIM',
    '',
    '**Lĩnh vực:** Viễn thông · **Mẫu:** có',
    '',
    'Các bước kiểm tra một đại lý.',
    '',
    '## Bước 1. Chuẩn bị',
    'Thu thập danh sách đại lý.',
    '**Căn cứ:** Điều 3 Nghị định số 10/2030/NĐ-CP; Điều 5 Nghị định số 20/2031/NĐ-CP',
    '',
    '## Bước 2: Lập biên bản',
    'Ghi nhận hành vi.',
    'Ký biên bản.',
  ].join('\n');

  it('reads the title, field, sample mark, summary and each step with its legal basis', () => {
    expect(parseGuideMarkdown(guide)).toEqual({
      title: 'Kiểm tra đại lý bán SIM',
      field: 'Viễn thông',
      summary: 'Các bước kiểm tra một đại lý.',
      sample: true,
      steps: [
        { title: 'Chuẩn bị', text: 'Thu thập danh sách đại lý.', legalBasis: ['Điều 3 Nghị định số 10/2030/NĐ-CP', 'Điều 5 Nghị định số 20/2031/NĐ-CP'] },
        { title: 'Lập biên bản', text: 'Ghi nhận hành vi.\nKý biên bản.', legalBasis: [] },
      ],
    });
  });

  it('refuses a guide without a title or without steps', () => {
    expect(() => parseGuideMarkdown('## Bước 1. Chuẩn bị\nx')).toThrow(/thiếu tiêu đề/u);
    expect(() => parseGuideMarkdown('# Tiêu đề\n\nChỉ có tóm tắt.')).toThrow(/không có bước nào/u);
  });
});
