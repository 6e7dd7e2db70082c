import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTemporaryIndex } from '../../evals/runEval.js';
import { CorpusEmbedder, DEFAULT_CORPUS_EMBEDDER_OPTIONS } from '../knowledge/embedders/corpusEmbedder.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { definiendum, legalContent, lexicalQuery } from './query.js';
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

describe('definiendum: the term a definition question asks about', () => {
  it('finds the term in the usual wordings, with or without diacritics', () => {
    expect(definiendum('Theo Bộ luật Dân sự 2015, hoa lợi được hiểu như thế nào?')).toEqual(['hoa', 'loi']);
    expect(definiendum('Định nghĩa của "Cưỡng bức lao động"?')).toEqual(['cuong', 'buc', 'lao', 'dong']);
    expect(definiendum('Thế nào là giao dịch dân sự vô hiệu theo quy định của Bộ luật Dân sự 2015?')).toEqual(['giao', 'dich', 'dan', 'su', 'vo', 'hieu']);
    expect(definiendum('thanh tra chuyen nganh la gi')).toEqual(['thanh', 'tra', 'chuyen', 'nganh']);
    expect(definiendum('Khái niệm về an ninh mạng?')).toEqual(['an', 'ninh', 'mang']);
  });

  it('leaves alone questions that only end in "là gì" and are not about a term', () => {
    expect(definiendum('Trách nhiệm của Bộ Y tế trong việc phòng, chống ma túy là gì?')).toBeUndefined();
    expect(definiendum('Tài sản mà chủ sở hữu đã từ bỏ quyền sở hữu đối với tài sản đó được gọi là gì?')).toBeUndefined();
    expect(definiendum('Thời hạn thanh tra tối đa bao lâu?')).toBeUndefined();
  });
});

describe('lexical query', () => {
  it('drops the conversational wrapping and adds the intent words at a lower weight', () => {
    const query = lexicalQuery('Cho em hỏi thời hạn thanh tra tối đa là bao lâu ạ?');
    expect(query.has('s:em')).toBe(false);
    expect(query.get('s:thanh')).toBe(1);
    expect(query.get('s:quá')).toBeGreaterThan(0);
    expect(query.get('s:quá')).toBeLessThan(1);
  });

  it('matches a question typed without diacritics on folded terms only', () => {
    const query = lexicalQuery('nuoi ong lay mat');
    expect(query.get('f:nuoi')).toBe(1);
    expect(query.get('g:nuoi_ong')).toBe(1);
    expect([...query.keys()].some((term) => term.startsWith('s:'))).toBe(false);
  });
});

describe('legal content of a question', () => {
  it('drops a consequence frame when the act it asks about is left', () => {
    expect(legalContent('Giả mạo làm công an có bị truy cứu trách nhiệm hình sự không?').join(' ')).toBe('giả mạo làm công an');
    expect(legalContent('Con giết mẹ vì bị la rầy thì truy cứu trách nhiệm hình sự như thế nào?').join(' ')).toBe('con giết mẹ vì bị la rầy');
    expect(legalContent('Cướp tài sản làm chết người thì có bị truy cứu hình sự không?').join(' ')).toBe('cướp tài sản làm chết người');
  });

  it('keeps it when it is the subject, or nothing else would be left', () => {
    expect(legalContent('Tuổi chịu trách nhiệm hình sự là bao nhiêu?').join(' ')).toContain('chịu trách nhiệm hình sự');
    expect(legalContent('Trường hợp nào không bị truy cứu trách nhiệm hình sự?').join(' ')).toContain('truy cứu trách nhiệm hình sự');
  });

  it('leaves out the name of a law the question mentions: it points at a document, not an article', () => {
    expect(legalContent('Tội không chấp hành án được quy định như thế nào theo Bộ luật Hình sự 2015?').join(' ')).toBe('tội không chấp hành án được');
  });
});

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
