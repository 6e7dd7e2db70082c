import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTemporaryIndex } from '../../evals/runEval.js';
import { CorpusEmbedder, DEFAULT_CORPUS_EMBEDDER_OPTIONS } from '../knowledge/embedders/corpusEmbedder.js';
import { definiendum, lexicalQuery } from './query.js';
import { Retriever } from './retriever.js';

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

describe('retriever: a definition question finds the unit that says "X là ..."', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'definition-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const law = [
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
    const lawFile = path.join(work, 'law.json');
    fs.writeFileSync(lawFile, JSON.stringify(law));
    const { knowledge, cleanup } = await buildTemporaryIndex(lawFile, async (texts) => CorpusEmbedder.fit(texts, { ...DEFAULT_CORPUS_EMBEDDER_OPTIONS, dimension: 32 }));
    try {
      const ask = async (settings: { definitionWeight: number }): Promise<string | undefined> => {
        const [first] = await new Retriever(knowledge, settings).search('Theo luật, lợi tức được hiểu như thế nào?', { k: 3 });
        return first ? `${first.unit.ref.article}.${first.unit.ref.clause ?? ''}` : undefined;
      };
      expect(await ask({ definitionWeight: 0.6 })).toBe('3.2');
      expect(await ask({ definitionWeight: 0 })).not.toBe('3.2');
    } finally {
      cleanup();
    }
  });
});
