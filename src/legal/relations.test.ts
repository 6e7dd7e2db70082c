import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VAN_BAN } from '../../test/paths.js';
import { buildDocuments } from '../ingest/build.js';
import { loadFile } from '../ingest/loaders/index.js';
import { parseRepealedParts } from './relations.js';

/** Relations read from the text alone: no manifest is passed. */
async function relationsOf(file: string) {
  const [loaded] = await loadFile(fs.readFileSync(path.join(VAN_BAN, file)), file);
  if (!loaded) throw new Error('not loaded');
  const [document] = buildDocuments(loaded).documents;
  if (!document) throw new Error('no document');
  return document;
}

describe('relations the texts state in their own words', () => {
  it.each([
    ['luat-thanh-tra-84-2025-qh15.pdf', '11/2022/QH15'],
    ['luat-thanh-tra-11-2022-qh15.txt', '56/2010/QH12'],
    ['nghi-dinh-154-2026-nd-cp-tiep-cong-dan.md', '64/2014/NĐ-CP'],
    ['nghi-dinh-244-2026-nd-cp-phat-ngon-cung-cap-thong-tin-bao-chi.md', '09/2017/NĐ-CP'],
  ])('%s replaces %s', async (file, replaced) => {
    expect((await relationsOf(file)).replaces).toEqual([replaced]);
  });

  it('237/2026 (a scan): the texts listed below "hết hiệu lực thi hành:" end, whole or in part, despite misread point letters and wrapped lines', async () => {
    const d237 = await relationsOf('nghi-dinh-237-2026-nd-cp-huong-dan-luat-bao-chi.md');
    expect(d237.replaces).toContain('08/2017/NĐ-CP');
    // "b) Điểm g khoản 6 Điều 24 Nghị định số 147/2024/NĐ-CP …" ends a part only.
    expect(d237.replaces).not.toContain('147/2024/NĐ-CP');
    expect(d237.repealedParts).toContainEqual(expect.objectContaining({ document: '147/2024/NĐ-CP', articles: ['24'] }));
  });

  it('amending decrees name what they amend, and what they repeal in it', async () => {
    const d155 = await relationsOf('nghi-dinh-155-2026-nd-cp-sua-doi-nd-124-2020-khieu-nai.md');
    expect(d155.amends).toEqual(['124/2020/NĐ-CP']);
    expect(d155.repealedParts).toContainEqual(expect.objectContaining({ document: '124/2020/NĐ-CP', articles: ['9'], from: '2026-07-01' }));
    expect((await relationsOf('nghi-dinh-156-2026-nd-cp-sua-doi-nd-31-2019-to-cao.md')).amends).toEqual(['31/2019/NĐ-CP']);
  });

  it('174/2026 repeals the named parts of 15/2020 as amended by 14/2022 and 211/2025', async () => {
    const d = await relationsOf('nghi-dinh-174-2026-nd-cp-xu-phat-vphc-buu-chinh-vien-thong-cntt.md');
    expect(d.repealsInPart).toEqual(['15/2020/NĐ-CP', '14/2022/NĐ-CP', '211/2025/NĐ-CP']);
    expect(d.repealedParts[0]).toMatchObject({
      document: '15/2020/NĐ-CP',
      chapters: ['II', 'III', 'IV', 'VI', 'VII'],
      articles: ['75', '77', '93a', '93b', '96'],
      ranges: [['98', '106']],
      from: '2026-07-01',
    });
  });

  it('61/2026 repeals a whole decree and single articles of two others, listed as points', async () => {
    const d = await relationsOf('nghi-dinh-61-2026-nd-cp-thiet-bi-phat-hien-vphc.md');
    expect(d.repealedParts.map((p) => [p.document, p.whole ?? false, p.articles])).toEqual([
      ['135/2021/NĐ-CP', true, []],
      ['38/2024/NĐ-CP', false, ['60']],
      ['184/2025/NĐ-CP', false, ['21']],
    ]);
  });

  it('84/2025 repeals articles of the laws it lists', async () => {
    const d = await relationsOf('luat-thanh-tra-84-2025-qh15.pdf');
    expect(d.repealedParts).toContainEqual(expect.objectContaining({ document: '23/2004/QH11', articles: ['101'] }));
    expect(d.repealedParts).toContainEqual(expect.objectContaining({ document: '67/2006/QH11', articles: ['10'] }));
  });

  it('a Chương right after an article list locates those articles rather than repealing the chapter', () => {
    expect(parseRepealedParts('Bãi bỏ các Điều 75, 77 và các điều từ Điều 98 đến Điều 106 Chương V, Chương VI')).toEqual({
      articles: ['75', '77'],
      chapters: ['VI'],
      ranges: [['98', '106']],
    });
  });
});
