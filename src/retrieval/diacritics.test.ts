import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VAN_BAN } from '../../test/paths.js';
import { ingest } from '../knowledge/indexing.js';
import { Bm25Index } from '../knowledge/bm25.js';
import { embedderForIngest } from '../knowledge/embedders/index.js';
import { termsOf } from '../text/terms.js';
import { foldDiacritics, syllables } from '../text/vietnamese.js';
import { DiacriticRestorer } from './diacritics.js';
import { Retriever } from './retriever.js';

function restorerOf(texts: string[]): DiacriticRestorer {
  const documents = texts.map((text) => termsOf(text));
  return new DiacriticRestorer(Bm25Index.build(documents, texts.map((t) => syllables(t).length), { k1: 1.2, b: 0.75 }));
}

const restore = (restorer: DiacriticRestorer, question: string): string => restorer.restore(syllables(foldDiacritics(question))).join(' ');

describe('diacritics put back from the corpus', () => {
  const restorer = restorerOf([
    'Thời hạn thanh tra không quá 45 ngày.',
    'Thời hạn thanh tra được kéo dài một lần.',
    'Báo chí đưa tin về vụ buôn lậu; báo in phát hành hằng ngày.',
    'Cơ quan phải bảo vệ bí mật nhà nước.',
    'Bảo vệ bí mật nhà nước là trách nhiệm của mọi cơ quan.',
  ]);

  it('chooses, among the forms that fold alike, the ones the corpus puts together', () => {
    expect(restore(restorer, 'thoi han thanh tra')).toBe('thời hạn thanh tra');
    expect(restore(restorer, 'bao ve bi mat nha nuoc')).toBe('bảo vệ bí mật nhà nước');
    expect(restore(restorer, 'bao chi dua tin')).toBe('báo chí đưa tin');
  });

  it('pins the way people ask, which the law never writes ("bao lau" is not "báo lậu")', () => {
    expect(restore(restorer, 'thoi han thanh tra toi da bao lau')).toBe('thời hạn thanh tra tối đa bao lâu');
  });

  it('leaves syllables the corpus never saw as typed', () => {
    expect(restore(restorer, 'thoi han xyz')).toBe('thời hạn xyz');
  });
});

describe('a question typed without diacritics, on the real Luật Thanh tra', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'diacritics-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('finds what the same question with diacritics finds', async () => {
    const indexDir = path.join(work, 'index');
    const { knowledge } = await ingest({
      sources: [path.join(VAN_BAN, 'luat-thanh-tra-11-2022-qh15.txt')],
      indexDir,
      embedderFor: embedderForIngest({ EMBEDDING_BATCH_SIZE: 8, indexDir }),
    });
    const retriever = new Retriever(knowledge);
    // Folded words alone send "dinh chi hanh vi trai phap luat" to another Điều.
    for (const question of ['Đình chỉ hành vi trái pháp luật', 'Trưởng đoàn thanh tra có quyền gì?', 'Thời hạn thanh tra tối đa bao lâu?', 'Người có thẩm quyền ra quyết định thanh tra là ai?']) {
      const [accented] = await retriever.search(question, { k: 1, asOf: '2024-01-01' });
      const [folded] = await retriever.search(foldDiacritics(question), { k: 1, asOf: '2024-01-01' });
      expect(folded?.unit.id, question).toBe(accented?.unit.id);
    }
    expect(retriever.withDiacritics('nguoi co tham quyen ra quyet dinh thanh tra')).toBe('người có thẩm quyền ra quyết định thanh tra');
  });
});
