import { beforeAll, describe, expect, it } from 'vitest';
import { inspectionCorpus, lawDocument, lawUnit, tinyKnowledge } from '../../../test/tinyKnowledge.js';
import type { LegalUnit } from '../../legal/units.js';
import { indexedTitle, writtenHeadings } from '../../knowledge/unitText.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { Retriever } from '../retriever.js';
import { applyBonuses, definesAtStart, FoldedTexts, titleCoverage, titleMatch, titleSubject } from './bonuses.js';
import type { Candidate } from './types.js';

describe('titleMatch', () => {
  it('scores a title the question repeats whole, by its length up to four words', () => {
    expect(titleMatch(' thoi han thanh tra la bao lau ', ['thoi', 'han', 'thanh', 'tra'])).toBe(1);
    expect(titleMatch(' pham vi dieu chinh cua luat ', ['pham', 'vi'])).toBe(0.5);
  });

  it('scores 0 for a one-word title, scattered words, or a word that only starts the same', () => {
    expect(titleMatch(' thanh tra la gi ', ['thanh'])).toBe(0);
    expect(titleMatch(' thoi han cua cuoc thanh tra ', ['thoi', 'han', 'thanh', 'tra'])).toBe(0);
    expect(titleMatch(' thanh tran ', ['thanh', 'tra'])).toBe(0);
  });

  it('matches what a sanction article is about without the head every such title shares', () => {
    const licence = 'vi pham cac quy dinh ve giay phep vien thong'.split(' ');
    const anyLicence = 'vi pham quy dinh ve giay phep'.split(' ');
    expect(titleSubject(licence)).toEqual(['giay', 'phep', 'vien', 'thong']);
    const question = ' doanh nghiep dung tai lieu gia de duoc cap giay phep vien thong thi phat bao nhieu ';
    expect(titleMatch(question, licence)).toBe(1);
    // The broader article matches too, but by fewer words: the one the question names in full ranks first.
    expect(titleMatch(question, anyLicence)).toBe(0.5);
    // The head alone is no match, and a title without that head is matched whole or not at all.
    expect(titleMatch(' vi pham quy dinh ve bao cao ', 'vi pham quy dinh ve giay phep'.split(' '))).toBe(0);
    expect(titleSubject('thoi han thanh tra'.split(' '))).toEqual(['thoi', 'han', 'thanh', 'tra']);
  });
});

describe('titleCoverage', () => {
  const title = ['quyen', 'va', 'nghia', 'vu', 'cua', 'doi', 'tuong', 'thanh', 'tra'];

  it('is the share of the title’s telling words the question carries, from 0.6 up', () => {
    // Telling: quyen, nghia, vu, doi, tuong, thanh, tra; the question has five of the seven.
    expect(titleCoverage(new Set(['doi', 'tuong', 'thanh', 'tra', 'co', 'quyen', 'gi']), title)).toBeCloseTo(5 / 7, 10);
  });

  it('is 0 below 0.6, and for titles of fewer than three telling words', () => {
    expect(titleCoverage(new Set(['doi', 'tuong', 'thanh']), title)).toBe(0);
    expect(titleCoverage(new Set(['pham', 'vi']), ['pham', 'vi'])).toBe(0);
  });
});

describe('applyBonuses', () => {
  let knowledge: KnowledgeBase;
  let retriever: Retriever;
  const settings = { titleWeight: 0.2, definitionWeight: 0.6, titleCoverageWeight: 0.1 };
  beforeAll(async () => {
    const { units, documents } = inspectionCorpus();
    knowledge = await tinyKnowledge(units, documents);
    retriever = new Retriever(knowledge);
  });
  const candidates = (...docs: number[]): Candidate[] => docs.map((doc, rank) => ({ doc, score: 1 - rank / 20, reasons: {} }));

  it('lifts the units whose Điều title the question repeats, with the reason', () => {
    const ranked = applyBonuses(candidates(0, 1, 2, 3), retriever.analyze('Thời hạn thanh tra là bao lâu?'), new FoldedTexts(knowledge), settings);
    expect(ranked.map((c) => c.doc)).toEqual([2, 3, 0, 1]);
    expect(ranked[0]?.reasons).toEqual({ title: 0.2 });
    expect(ranked[1]?.reasons).toEqual({ title: 0.2 });
    expect(ranked[2]?.reasons).toEqual({});
  });

  it('gives the partial-title bonus when the title is not repeated whole', () => {
    const ranked = applyBonuses(candidates(2, 4), retriever.analyze('Đối tượng thanh tra có những quyền gì?'), new FoldedTexts(knowledge), settings);
    expect(ranked[0]?.doc).toBe(4);
    expect(ranked[0]?.reasons.title).toBeCloseTo(0.1 * (5 / 7), 10);
  });

  it('lifts the unit that says "X là …" of the term a definition question asks about', () => {
    const ranked = applyBonuses(candidates(0, 4, 1), retriever.analyze('Thanh tra chuyên ngành là gì?'), new FoldedTexts(knowledge), settings);
    expect(ranked[0]?.doc).toBe(1);
    expect(ranked[0]?.reasons.definition).toBe(0.6);
    expect(ranked.filter((c) => c.reasons.definition !== undefined)).toHaveLength(1);
  });

  it('lifts the unit that says what the term comprises ("X bao gồm …") for "X gồm những ai"', async () => {
    const comprising = await tinyKnowledge(
      [
        lawUnit({ document: '90/2030/QH15', article: '2', clause: '2', articleTitle: 'Giải thích từ ngữ', text: '2. Người tiến hành thanh tra bao gồm người ra quyết định thanh tra, Trưởng đoàn thanh tra và thành viên Đoàn thanh tra.' }),
        lawUnit({ document: '90/2030/QH15', article: '25', articleTitle: 'Quyết định thanh tra', text: 'Người ra quyết định thanh tra, Trưởng đoàn thanh tra và thành viên Đoàn thanh tra có trách nhiệm tiến hành thanh tra theo quyết định thanh tra.' }),
      ],
      [lawDocument('90/2030/QH15', { type: 'Luật' })],
    );
    const analysis = new Retriever(comprising).analyze('Người tiến hành thanh tra gồm những ai?');
    const ranked = applyBonuses([{ doc: 1, score: 1, reasons: {} }, { doc: 0, score: 0.9, reasons: {} }], analysis, new FoldedTexts(comprising), settings);
    expect(ranked.map((c) => c.doc)).toEqual([0, 1]);
    expect(ranked[0]?.reasons.definition).toBe(0.6);
  });

  it('changes nothing when every weight is 0', () => {
    const before = candidates(0, 1, 2);
    const ranked = applyBonuses(before, retriever.analyze('Thời hạn thanh tra là bao lâu?'), new FoldedTexts(knowledge), { titleWeight: 0, definitionWeight: 0, titleCoverageWeight: 0 });
    expect(ranked.map((c) => [c.doc, c.score, c.reasons])).toEqual([
      [0, 1, {}],
      [1, 0.95, {}],
      [2, 0.9, {}],
    ]);
  });
});

describe('definesAtStart', () => {
  it('finds " X là " as the subject of a Khoản, a Điểm or the text, not inside a longer term', () => {
    expect(definesAtStart(' 2 bao ve an ninh mang la hoat dong phong ngua ', ' bao ve an ninh mang la ')).toBe(true);
    expect(definesAtStart(' bao ve an ninh mang la hoat dong ', ' bao ve an ninh mang la ')).toBe(true);
    expect(definesAtStart(' b tan cong mang la hanh vi ', ' tan cong mang la ')).toBe(true);
    expect(definesAtStart(' 1 dau tranh bao ve an ninh mang la tap hop ', ' bao ve an ninh mang la ')).toBe(false);
    // A later sentence of the same text may define it.
    expect(definesAtStart(' 1 dau tranh bao ve an ninh mang la x 2 bao ve an ninh mang la y ', ' bao ve an ninh mang la ')).toBe(true);
  });
});

describe('titles of amending articles', () => {
  const LAW = '25/2030/QH15';
  const AMENDING = '16/2031/NĐ-CP';
  let knowledge: KnowledgeBase;
  beforeAll(async () => {
    knowledge = await tinyKnowledge(
      [
        lawUnit({ document: LAW, article: '8', articleTitle: 'Các hành vi bị nghiêm cấm', text: 'Nghiêm cấm người xác minh nội dung tố cáo gây khó khăn, phiền hà cho người tố cáo; tiết lộ thông tin về người tố cáo.' }),
        lawUnit({ document: AMENDING, article: '6', articleTitle: 'Sửa đổi, bổ sung Điều 22 như sau', text: '**Điều 22. Xử lý kỷ luật đối với người xác minh nội dung tố cáo**\n\n1. Hình thức khiển trách áp dụng đối với người có hành vi gây khó khăn cho người tố cáo.' }),
        lawUnit({ document: AMENDING, article: '7', articleTitle: 'Hiệu lực thi hành', text: 'Điều 1. Nghị định này có hiệu lực từ ngày 01 tháng 7 năm 2031.' }),
      ],
      [lawDocument(LAW, { type: 'Luật' }), lawDocument(AMENDING, { effective: '2031-07-01' })],
    );
  });

  it('reads the headings an amending Điều writes out as its title, and no heading of any other Điều', () => {
    const [, amending, ordinary] = knowledge.units;
    expect(writtenHeadings(amending as LegalUnit)).toEqual(['Xử lý kỷ luật đối với người xác minh nội dung tố cáo']);
    expect(indexedTitle(amending as LegalUnit)).toBe('Sửa đổi, bổ sung Điều 22 như sau. Xử lý kỷ luật đối với người xác minh nội dung tố cáo');
    expect(writtenHeadings(ordinary as LegalUnit)).toEqual([]);
    // Any case and either separator; a codification pinpoint is no heading.
    expect(writtenHeadings({ kind: 'article', articleTitle: 'Sửa đổi Điều 5', text: 'ĐIỀU 5: Thời hạn kiểm tra\n1. Không quá 15 ngày.\nĐiều 3.1.TT.8.1. Một điều được pháp điển' })).toEqual(['Thời hạn kiểm tra']);
    expect(new FoldedTexts(knowledge).titles(1)[1]?.slice(0, 3)).toEqual(['xu', 'ly', 'ky']);
  });

  it('ranks the amending Điều first for a question in its heading’s words, though the law repeats the act', async () => {
    const hits = await new Retriever(knowledge).search('Người xác minh nội dung tố cáo gây khó khăn cho người tố cáo thì xử lý kỷ luật thế nào?', { k: 3, asOf: '2031-08-01' });
    expect(hits[0]?.unit.id).toBe(`${AMENDING}|6`);
    // A question that repeats the heading whole gets the title bonus as for any Điều title.
    const repeated = await new Retriever(knowledge).search('Xử lý kỷ luật đối với người xác minh nội dung tố cáo ra sao?', { k: 3, asOf: '2031-08-01' });
    expect(repeated[0]?.unit.id).toBe(`${AMENDING}|6`);
    expect(repeated[0]?.reasons.title).toBeGreaterThan(0);
  });
});
