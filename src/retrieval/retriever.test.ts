import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VAN_BAN } from '../../test/paths.js';
import { embedderForIngest } from '../knowledge/embedders/index.js';
import { ingest } from '../knowledge/indexing.js';
import { foldDiacritics } from '../text/vietnamese.js';
import { buildTemporaryIndex } from '../../evals/runEval.js';
import { CorpusEmbedder, DEFAULT_CORPUS_EMBEDDER_OPTIONS } from '../knowledge/embedders/corpusEmbedder.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { Retriever } from './retriever.js';

type AlqacLaw = Array<{ id: string; articles: Array<{ id: string; text: string }> }>;

/** Runs `use` on an index built from a tiny ALQAC law file through the product's own ingest, then removes it. */
async function withTinyIndex(law: AlqacLaw, use: (knowledge: KnowledgeBase) => Promise<void>): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tiny-law-'));
  const lawFile = path.join(work, 'law.json');
  fs.writeFileSync(lawFile, JSON.stringify(law));
  const { knowledge, cleanup } = await buildTemporaryIndex(lawFile, async (texts) => CorpusEmbedder.fit(texts, { ...DEFAULT_CORPUS_EMBEDDER_OPTIONS, dimension: 32 }));
  try {
    await use(knowledge);
  } finally {
    cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

describe('retriever: a definition question finds the unit that says "X là ..."', () => {
  const law: AlqacLaw = [
    {
      id: 'Luật Thử nghiệm',
      articles: [
        { id: '1', text: 'Giải thích từ ngữ\n\nTrong Luật này, các từ ngữ dưới đây được hiểu như sau:\n\n1. Hộ nuôi ong là hộ gia đình có đăng ký nuôi ong.' },
        { id: '2', text: 'Giải thích hợp đồng mua mật ong\n\n1. Hợp đồng mua mật ong được giải thích theo ý chí chung của các bên.' },
        { id: '3', text: 'Hoa lợi, lợi tức\n\n1. Hoa lợi là sản vật tự nhiên mà tài sản mang lại.\n\n2. Lợi tức là khoản lợi thu được từ việc khai thác tài sản.' },
        { id: '4', text: 'Khai thác tài sản\n\nChủ sở hữu được khai thác công dụng của tài sản, hưởng hoa lợi và lợi tức theo hợp đồng.' },
      ],
    },
  ];

  it('ranks "Lợi tức là ..." first, above articles that only share words with the question', async () => {
    await withTinyIndex(law, async (knowledge) => {
      const ask = async (settings: { definitionWeight: number }): Promise<string | undefined> => {
        const [first] = await new Retriever(knowledge, settings).search('Theo luật, lợi tức được hiểu như thế nào?', { k: 3 });
        return first ? `${first.unit.ref.article}.${first.unit.ref.clause ?? ''}` : undefined;
      };
      expect(await ask({ definitionWeight: 0.6 })).toBe('3.2');
      expect(await ask({ definitionWeight: 0 })).not.toBe('3.2');
    });
  });
});

describe('retriever: a law named in the question weighs for its document', () => {
  // Two laws known only by number, as in ALQAC 2022: the question's "luật an ninh mạng" can only be
  // recognised by what the documents are about.
  const law: AlqacLaw = [
    {
      id: '01/2018/QH14',
      articles: [
        { id: '1', text: 'Phạm vi điều chỉnh\n\nLuật này quy định về bảo vệ an ninh mạng và an ninh quốc gia trên không gian mạng.' },
        { id: '2', text: 'Lực lượng bảo vệ an ninh mạng\n\nLực lượng chuyên trách bảo vệ an ninh mạng được bố trí tại Bộ Công an.' },
        { id: '3', text: 'Phòng, chống tấn công mạng\n\n1. Hành vi phát tán chương trình tin học gây hại cho hệ thống thông tin là tấn công mạng.' },
        { id: '4', text: 'Giám sát an ninh mạng\n\nHệ thống thông tin quan trọng về an ninh quốc gia được giám sát an ninh mạng thường xuyên.' },
      ],
    },
    {
      id: '02/2017/QH14',
      articles: [
        { id: '1', text: 'Nhiệm vụ của Bộ luật\n\nBộ luật này bảo vệ chủ quyền quốc gia, an ninh của đất nước, quyền con người.' },
        { id: '2', text: 'Tội phát tán chương trình tin học gây hại\n\n1. Người nào cố ý phát tán chương trình tin học gây hại cho mạng máy tính, mạng viễn thông, phương tiện điện tử thì bị phạt tù từ 01 năm đến 05 năm.' },
        { id: '3', text: 'Tội trộm cắp tài sản\n\nNgười nào trộm cắp tài sản của người khác thì bị phạt tù.' },
      ],
    },
  ];

  it('"phát tán chương trình gây hại ... vi phạm luật an ninh mạng" opens the Cybersecurity law, not the Penal Code', async () => {
    await withTinyIndex(law, async (knowledge) => {
      const question = 'Việc phát tán chương trình gây hại cho những thiết bị nào là vi phạm luật an ninh mạng?';
      const first = async (mentionDensityWeight: number): Promise<string | undefined> => {
        const [hit] = await new Retriever(knowledge, { mentionDensityWeight }).search(question, { k: 1 });
        return hit ? `${hit.unit.ref.document} Điều ${hit.unit.ref.article}` : undefined;
      };
      expect(await first(0.6)).toBe('01/2018/QH14 Điều 3');
      expect(await first(0)).toBe('02/2017/QH14 Điều 2');
      // Named by its number, the document is known at once.
      const [byNumber] = await new Retriever(knowledge, { mentionDensityWeight: 0 }).search('phát tán chương trình gây hại theo Luật 01/2018/QH14', { k: 1 });
      expect(byNumber?.unit.ref.document).toBe('01/2018/QH14');
      const [unnamed] = await new Retriever(knowledge, { mentionDensityWeight: 0, mentionWeight: 0 }).search('phát tán chương trình gây hại theo Luật 01/2018/QH14', { k: 1 });
      expect(unnamed?.unit.ref.document).toBe('02/2017/QH14');
    });
  });
});

describe('retriever: one analysis per question, and the reasons of each score', () => {
  const law: AlqacLaw = [
    {
      id: '01/2030/QH15',
      articles: [
        { id: '1', text: 'Thời hạn thanh tra\n\n1. Thời hạn thanh tra không quá 45 ngày.\n\n2. Thời hạn thanh tra có thể gia hạn một lần.' },
        { id: '2', text: 'Đoàn thanh tra\n\nĐoàn thanh tra gồm Trưởng đoàn và các thành viên.' },
      ],
    },
  ];

  it('analyses the question once per search, and each hit says which stages made its score', async () => {
    await withTinyIndex(law, async (knowledge) => {
      const retriever = new Retriever(knowledge);
      const hits = await retriever.search('thời hạn thanh tra tối đa bao lâu', { k: 3 });
      expect(retriever.analyses).toBe(1);
      const first = hits[0];
      expect(first?.unit.ref.article).toBe('1');
      expect(first?.reasons.bm25Unit).toBeGreaterThan(0);
      expect(first?.reasons.lexical).toBeGreaterThan(0);
      expect(first?.reasons.title).toBeGreaterThan(0);
      const analysis = retriever.analyze('thời hạn thanh tra');
      await retriever.search(analysis, { k: 3 });
      expect(retriever.analyses).toBe(2);
    });
  });

  it('a pure reference opens its unit first, marked exact, with no sentinel score', async () => {
    await withTinyIndex(law, async (knowledge) => {
      const [first] = await new Retriever(knowledge).search('khoản 2 điều 1 luật 01/2030/QH15', { k: 3 });
      expect(first?.exact).toBe(true);
      expect(first?.unit.ref.clause).toBe('2');
      expect(first?.score).toBeLessThanOrEqual(1);
    });
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
    expect(retriever.analyze('nguoi co tham quyen ra quyet dinh thanh tra').restored).toBe('người có thẩm quyền ra quyết định thanh tra');
    // Chat shorthand is written out before the diacritics are put back; the question keeps its words as typed.
    const shorthand = retriever.analyze('qd thanh tra ko dc gia han thi sao');
    expect(shorthand.restored).toBe('quyết định thanh tra không được gia hạn thì sao');
    expect(shorthand.question).toBe('qd thanh tra ko dc gia han thi sao');
  });
});
