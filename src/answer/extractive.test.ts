import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHAP_DIEN, VAN_BAN } from '../../test/paths.js';
import { ingest } from '../knowledge/indexing.js';
import { embedderForIngest } from '../knowledge/embedders/index.js';
import { Retriever } from '../retrieval/retriever.js';
import { loadConfidenceModel } from './confidence.js';
import { ExtractiveAnswerer } from './extractive.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'answer-test-'));
let answerer: ExtractiveAnswerer;
let retriever: Retriever;

beforeAll(async () => {
  const indexDir = path.join(work, 'index');
  const { knowledge } = await ingest({
    sources: [path.join(PHAP_DIEN, 'to-cao.md'), path.join(VAN_BAN, 'nghi-dinh-156-2026-nd-cp-sua-doi-nd-31-2019-to-cao.md')],
    indexDir,
    embedderFor: embedderForIngest({ EMBEDDING_BATCH_SIZE: 16, indexDir }),
  });
  retriever = new Retriever(knowledge);
  answerer = new ExtractiveAnswerer(retriever, loadConfidenceModel());
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('amendment-aware answers', () => {
  it('an amended provision is answered in its amended wording: the amending provision first, the original second', async () => {
    const answer = await answerer.answer({ message: 'khoản 1 điều 4 nghị định 31/2019', asOf: '2026-08-01' });
    expect(answer.citations[0]?.ref.document).toBe('156/2026/NĐ-CP');
    expect(answer.citations[0]?.ref.article).toBe('1');
    expect(answer.citations[1]?.ref).toEqual({ document: '31/2019/NĐ-CP', article: '4', clause: '1' });
    expect(answer.short).toContain('[1]');
    expect(answer.answer).toContain('đã được sửa đổi, bổ sung bởi Điều 1 Nghị định số 156/2026/NĐ-CP từ 01/07/2026');
    for (const citation of answer.citations) expect(retriever.knowledge.unitById(citation.unitId)?.text).toContain(citation.quote);
  });

  it('before the amending decree took effect, the old text stands alone', async () => {
    const answer = await answerer.answer({ message: 'khoản 1 điều 4 nghị định 31/2019', asOf: '2026-01-01' });
    expect(answer.citations[0]?.ref).toEqual({ document: '31/2019/NĐ-CP', article: '4', clause: '1' });
    expect(answer.citations.some((c) => c.ref.document === '156/2026/NĐ-CP')).toBe(false);
  });
});

describe('the answer-type check', () => {
  it('a question asking for a share is never answered from a provision whose Điều states none, however confident the model', async () => {
    const model = loadConfidenceModel();
    const sure = new ExtractiveAnswerer(retriever, { ...model, answer: { ...model.answer, threshold: 0 } });
    const share = await sure.answer({ message: 'Người tố cáo được hưởng bao nhiêu phần trăm số tiền thu hồi được?', asOf: '2026-08-01' });
    expect(share.outcome).not.toBe('answer');
    // The same model answers a question that asks for no quantity.
    const rights = await sure.answer({ message: 'Người tố cáo có những quyền gì?', asOf: '2026-08-01' });
    expect(rights.outcome).toBe('answer');
  });
});

describe('the stability feature', () => {
  it('is 1 when the question without its opening words finds the same Điều, 0 when those words decided it', async () => {
    const core = await answerer.assess({ message: 'Người tố cáo có những quyền và nghĩa vụ gì theo luật?', asOf: '2026-08-01' });
    expect(core.features.stableTail).toBe(1);
    // The opening words alone name the matter (rút tố cáo); the rest could be asked of anything.
    const opening = await answerer.assess({ message: 'Rút tố cáo thì sao, phải làm gì, có được không, trong trường hợp nào?', asOf: '2026-08-01' });
    // The same cut the feature makes: the opening quarter of the words (3 of 15) dropped.
    const words = 'Rút tố cáo thì sao, phải làm gì, có được không, trong trường hợp nào?'.split(' ');
    const tail = await answerer.assess({ message: words.slice(Math.floor(words.length / 4)).join(' '), asOf: '2026-08-01' });
    const articleOf = (a: typeof opening): string => `${a.hits[0]?.unit.ref.document}|${a.hits[0]?.unit.ref.article}`;
    expect(articleOf(opening)).not.toBe(articleOf(tail));
    expect(opening.features.stableTail).toBe(0);
    // A reference is its own answer: stable by definition.
    expect((await answerer.assess({ message: 'khoản 1 điều 4 nghị định 31/2019', asOf: '2026-08-01' })).features.stableTail).toBe(1);
  });
});
