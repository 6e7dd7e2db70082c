import { beforeAll, describe, expect, it } from 'vitest';
import { SANCTION_DECREE, inspectionCorpus, tinyKnowledge } from '../../test/tinyKnowledge.js';
import type { LegalUnit } from '../legal/units.js';
import { Retriever } from '../retrieval/retriever.js';
import { CitationList } from './citationList.js';

let retriever: Retriever;
let deadline: LegalUnit;
let extension: LegalUnit;
let fine: LegalUnit;
beforeAll(async () => {
  const { units, documents } = inspectionCorpus();
  retriever = new Retriever(await tinyKnowledge(units, documents));
  [deadline, extension, fine] = [units[2], units[3], units[5]].map((unit) => {
    if (!unit) throw new Error('the tiny corpus has seven units');
    return unit;
  }) as [LegalUnit, LegalUnit, LegalUnit];
});

const OPENING = '1. Phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng đối với một trong các hành vi sau đây:';
const POINT_A = 'a) Bán SIM thuê bao di động đã có sẵn thông tin thuê bao;';
const POINT_B = 'b) Đăng ký thông tin thuê bao khi không được ủy quyền.';

describe('CitationList', () => {
  it('numbers units in the order they are first cited, and gives a unit cited again its number', () => {
    const list = new CitationList(retriever, '2032-01-01');
    expect(list.cite(extension, ['Người ra quyết định thanh tra có thể gia hạn một lần.'])).toBe(1);
    expect(list.cite(deadline, ['Thời hạn thanh tra không quá 45 ngày.'])).toBe(2);
    expect(list.cite(extension, [])).toBe(1);
    expect(list.size).toBe(2);
    expect(list.has(deadline.id)).toBe(true);
    expect(list.has(fine.id)).toBe(false);
    expect(list.citations().map((c) => [c.n, c.unitId])).toEqual([
      [1, extension.id],
      [2, deadline.id],
    ]);
  });

  it('keeps only spans that occur verbatim in the unit, trimmed; with none, quotes the unit’s first line', () => {
    const list = new CitationList(retriever, '2032-01-01');
    list.cite(deadline, ['Thời hạn thanh tra không quá 30 ngày.', '  Thời hạn thanh tra không quá 45 ngày.  ']);
    list.cite(fine, ['phạt tiền 50.000.000 đồng']);
    const [first, second] = list.citations();
    expect(first?.spans).toEqual(['Thời hạn thanh tra không quá 45 ngày.']);
    expect(first?.quote).toBe('Thời hạn thanh tra không quá 45 ngày.');
    expect(second?.spans).toEqual([OPENING]);
    for (const citation of list.citations()) for (const span of citation.spans) expect(retriever.knowledge.unitById(citation.unitId)?.text).toContain(span);
  });

  it('merges the spans of a unit cited twice: no span inside another, in the order of the text', () => {
    const list = new CitationList(retriever, '2032-01-01');
    list.cite(fine, [POINT_B]);
    list.cite(fine, ['Đăng ký thông tin thuê bao', '1. Phạt tiền từ 30.000.000 đồng']);
    list.cite(fine, ['1. Phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng']);
    expect(list.citations()[0]?.spans).toEqual(['1. Phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng', POINT_B]);
    expect(list.size).toBe(1);
  });

  it('cites a Điểm in the label and the reference; another Điểm of the same Khoản is another citation', () => {
    const list = new CitationList(retriever, '2032-01-01');
    expect(list.cite(fine, [POINT_A], 'a')).toBe(1);
    expect(list.cite(fine, [POINT_B], 'b')).toBe(2);
    // Quoted again without a Điểm: joins the first entry that cites the unit.
    expect(list.cite(fine, [OPENING])).toBe(1);
    const [pointA, pointB] = list.citations();
    expect(pointA?.label).toBe(`Điểm a Khoản 1 Điều 5 Nghị định số ${SANCTION_DECREE}`);
    expect(pointA?.ref).toEqual({ document: SANCTION_DECREE, article: '5', clause: '1', point: 'a' });
    expect(pointA?.spans).toEqual([OPENING, POINT_A]);
    expect(pointB?.label).toBe(`Điểm b Khoản 1 Điều 5 Nghị định số ${SANCTION_DECREE}`);
    expect(pointB?.unitId).toBe(fine.id);
  });

  it('states each citation’s validity on the date asked', () => {
    const before = new CitationList(retriever, '2031-01-01');
    before.cite(fine, [POINT_A], 'a');
    expect(before.citations()[0]).toMatchObject({ inForce: false, status: 'chưa có hiệu lực' });
    const after = new CitationList(retriever, '2032-01-01');
    after.cite(fine, [POINT_A], 'a');
    expect(after.citations()[0]).toMatchObject({ inForce: true, status: 'còn hiệu lực', title: 'Vi phạm quy định về thông tin thuê bao' });
  });
});
