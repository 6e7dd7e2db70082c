import { beforeAll, describe, expect, it } from 'vitest';
import { lawDocument, lawUnit, tinyKnowledge } from '../../test/tinyKnowledge.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { Amendments } from './amendments.js';

const AMENDED = '10/2030/NĐ-CP';
const AMENDING = '20/2031/NĐ-CP';
/** Its title also names Điều 5 of the amended decree, but the registry does not record it as an amending text. */
const UNRELATED = '30/2031/NĐ-CP';
/** Repeals parts of the amended decree; also mentions it in a transition clause. */
const REPEALING = '40/2032/NĐ-CP';

let knowledge: KnowledgeBase;
beforeAll(async () => {
  const units = [
    lawUnit({ document: AMENDED, article: '5', articleTitle: 'Thời hạn thanh tra', text: 'Thời hạn thanh tra không quá 30 ngày.' }),
    lawUnit({ document: AMENDED, article: '5a', articleTitle: 'Gia hạn thanh tra', text: 'Thời hạn thanh tra được gia hạn một lần.' }),
    lawUnit({ document: AMENDED, article: '50', articleTitle: 'Hiệu lực thi hành', text: 'Nghị định này có hiệu lực từ ngày 01 tháng 7 năm 2030.' }),
    lawUnit({ document: AMENDING, article: '1', clause: '1', articleTitle: 'Sửa đổi, bổ sung Điều 5 của Nghị định số 10/2030/NĐ-CP', text: '1. Sửa đổi khoản 1 Điều 5 như sau: “Thời hạn thanh tra không quá 45 ngày.”' }),
    lawUnit({ document: AMENDING, article: '1', clause: '2', articleTitle: 'Sửa đổi, bổ sung Điều 5 của Nghị định số 10/2030/NĐ-CP', text: '2. Bổ sung khoản 3 Điều 5 như sau: “Trường hợp phức tạp được kéo dài.”' }),
    lawUnit({ document: AMENDING, article: '2', articleTitle: 'Bổ sung Điều 50 như sau', text: '“Điều 50. Nghị định này có hiệu lực từ ngày 01 tháng 9 năm 2030.”' }),
    lawUnit({ document: AMENDING, article: '3', articleTitle: 'Hiệu lực thi hành', text: 'Nghị định này có hiệu lực từ ngày 01 tháng 7 năm 2031.' }),
    lawUnit({ document: UNRELATED, article: '1', articleTitle: 'Sửa đổi, bổ sung Điều 5', text: 'Sửa đổi Điều 5 của một nghị định khác.' }),
    lawUnit({ document: REPEALING, article: '8', clause: '1', articleTitle: 'Quy định chuyển tiếp', text: '1. Vụ việc đang giải quyết thì tiếp tục áp dụng Nghị định số 10/2030/NĐ-CP.' }),
    lawUnit({ document: REPEALING, article: '9', clause: '2', articleTitle: 'Hiệu lực thi hành', text: '2. Bãi bỏ Điều 7 của Nghị định số 10/2030/NĐ-CP.' }),
    lawUnit({ document: REPEALING, article: '9', clause: '3', articleTitle: 'Hiệu lực thi hành', text: '3. Bãi bỏ các quy định sau:\na) Điều 5a của Nghị định số 10/2030/NĐ-CP;\nb) Nghị định số 11/2030/NĐ-CP.' }),
  ];
  const documents = [
    lawDocument(AMENDED, { effective: '2030-07-01', amendedBy: [AMENDING] }),
    lawDocument(AMENDING, { effective: '2031-07-01', amends: [AMENDED] }),
    lawDocument(UNRELATED, { effective: '2031-01-01' }),
    lawDocument(REPEALING, { effective: '2032-01-01' }),
  ];
  knowledge = await tinyKnowledge(units, documents);
});

describe('Amendments.ofArticle', () => {
  it('finds the article of the amending text whose title names the amended article, once per article', () => {
    const found = new Amendments(knowledge).ofArticle(AMENDED, '5');
    expect(found).toEqual([{ label: `Điều 1 Nghị định số ${AMENDING}`, unitId: `${AMENDING}|1|1`, document: AMENDING, effective: '2031-07-01' }]);
  });

  it('does not take Điều 50 or Điều 5a for Điều 5, nor the other way round', () => {
    const amendments = new Amendments(knowledge);
    expect(amendments.ofArticle(AMENDED, '50').map((a) => a.unitId)).toEqual([`${AMENDING}|2`]);
    expect(amendments.ofArticle(AMENDED, '5a')).toEqual([]);
  });

  it('finds nothing for a document no text amends, or an article no title names', () => {
    const amendments = new Amendments(knowledge);
    expect(amendments.ofArticle(UNRELATED, '1')).toEqual([]);
    expect(amendments.ofArticle(AMENDED, '7')).toEqual([]);
    expect(amendments.ofArticle('99/2099/NĐ-CP', '5')).toEqual([]);
  });
});

describe('Amendments.supersededOn', () => {
  it('is undefined before the amending text takes effect, and the amendment from that day on', () => {
    const amendments = new Amendments(knowledge);
    expect(amendments.supersededOn(AMENDED, '5', '2031-06-30')).toBeUndefined();
    expect(amendments.supersededOn(AMENDED, '5', '2031-07-01')?.label).toBe(`Điều 1 Nghị định số ${AMENDING}`);
    expect(amendments.supersededOn(AMENDED, '5', '2035-01-01')?.document).toBe(AMENDING);
  });

  it('is undefined for a unit without an article, and for an article nobody amends', () => {
    const amendments = new Amendments(knowledge);
    expect(amendments.supersededOn(AMENDED, undefined, '2035-01-01')).toBeUndefined();
    expect(amendments.supersededOn(AMENDED, '5a', '2035-01-01')).toBeUndefined();
  });
});

describe('Amendments.statingUnit', () => {
  it('finds the provision that repeals the Điều asked, not one that only mentions the text', () => {
    const amendments = new Amendments(knowledge);
    expect(amendments.statingUnit(REPEALING, AMENDED, '7')?.id).toBe(`${REPEALING}|9|2`);
    expect(amendments.statingUnit(REPEALING, AMENDED, '5a')?.id).toBe(`${REPEALING}|9|3`);
  });

  it('for the whole text, prefers a provision that ends or replaces it; nothing when the text is never named', () => {
    const amendments = new Amendments(knowledge);
    expect(amendments.statingUnit(REPEALING, '11/2030/NĐ-CP')?.id).toBe(`${REPEALING}|9|3`);
    expect(amendments.statingUnit(REPEALING, AMENDED)?.text).toMatch(/^\d\. Bãi bỏ/u);
    expect(amendments.statingUnit(REPEALING, '99/2099/NĐ-CP')).toBeUndefined();
    expect(amendments.statingUnit('77/2077/NĐ-CP', AMENDED)).toBeUndefined();
  });
});
