import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { buildShared, startApp, type RunningApp } from './fixtures.js';

let knowledge: KnowledgeBase;
let directory: string;
let app: RunningApp;

beforeAll(async () => {
  ({ knowledge, directory } = await buildShared());
  app = await startApp(knowledge, directory);
});
afterAll(async () => {
  await app.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; body: any }> {
  const response = await app.fetch(path, {}, path.startsWith('/api/feedback') ? 'admin' : 'inspector');
  return { status: response.status, body: await response.json() };
}

async function chat(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await app.fetch('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

describe('the API', () => {
  it('reports health with the index it loaded', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    expect(body.units).toBe(knowledge.units.length);
    expect(body.answerMode).toBe('extractive');
  });

  it.each([
    ['k2 đ11 nđ 174/2026', { document: '174/2026/NĐ-CP', article: '11', clause: '2' }],
    ['khoản 2 điều 11 nghị định 174/2026', { document: '174/2026/NĐ-CP', article: '11', clause: '2' }],
    ['Đ.47 Luật Thanh tra 2025', { document: '84/2025/QH15', article: '47', clause: '1' }],
    ['dieu 117 nd 174/2026', { document: '174/2026/NĐ-CP', article: '117', clause: '1' }],
  ])('search puts the referenced unit first: %s', async (query, ref) => {
    const { body } = await get(`/api/search?q=${encodeURIComponent(query)}&k=3`);
    expect(body[0].ref).toEqual(ref);
    expect(body[0].source.file).toMatch(/van-ban/u);
  });

  it('resolves a reference to its unit, with its place, neighbours and validity', async () => {
    const { status, body } = await get(`/api/units?ref=${encodeURIComponent('điểm a khoản 1 điều 1 nđ 174/2026')}`);
    expect(status).toBe(200);
    expect(body.ref).toEqual({ document: '174/2026/NĐ-CP', article: '1', clause: '1' });
    expect(body.place.chapter).toBe('Chương I. QUY ĐỊNH CHUNG');
    expect(body.inForce).toBe(true);
    expect(body.status).toBe('còn hiệu lực');
    expect(body.neighbours.next.label).toBe('Khoản 2 Điều 1 Nghị định số 174/2026/NĐ-CP');
  });

  it('knows which Luật Thanh tra was in force on a date', async () => {
    const before = await get(`/api/units?ref=${encodeURIComponent('Điều 47 Luật Thanh tra')}&asOf=2024-06-01`);
    expect(before.body.ref.document).toBe('11/2022/QH15');
    expect(before.body.status).toBe('còn hiệu lực');
    const after = await get(`/api/units?ref=${encodeURIComponent('Điều 47 Luật Thanh tra')}&asOf=2025-08-01`);
    expect(after.body.ref.document).toBe('84/2025/QH15');
    const old = await get(`/api/units?ref=${encodeURIComponent('Điều 47 Luật Thanh tra 2022')}&asOf=2025-08-01`);
    expect(old.body.status).toBe('hết hiệu lực');
    expect(old.body.validity.note).toBe('Hết hiệu lực từ 01/07/2025 (được thay thế bởi 84/2025/QH15)');
  });

  it('says what is known of a provision of a document known only by reference', async () => {
    const after = await get(`/api/units?ref=${encodeURIComponent('Điều 75 Nghị định 15/2020/NĐ-CP')}&asOf=2026-07-02`);
    expect(after.body.referenceOnly).toBe(true);
    expect(after.body.status).toBe('hết hiệu lực');
    expect(after.body.statement).toBe('Điều 75 Nghị định số 15/2020/NĐ-CP đã bị bãi bỏ từ 01/07/2026 bởi Nghị định số 174/2026/NĐ-CP.');
    const before = await get(`/api/units?ref=${encodeURIComponent('Điều 75 Nghị định 15/2020/NĐ-CP')}&asOf=2026-06-30`);
    expect(before.body.status).not.toBe('hết hiệu lực');
    expect(before.body.inForce).toBe(true);
    const range = await get(`/api/units?ref=${encodeURIComponent('Điều 100 Nghị định 15/2020/NĐ-CP')}&asOf=2026-07-02`);
    expect(range.body.status).toBe('hết hiệu lực');
  });

  it('turns cross-references into links, within the same document and to others', async () => {
    const { body } = await get(`/api/units?ref=${encodeURIComponent('khoản 2 điều 20 luật thanh tra 2025')}`);
    const link = body.links.find((l: { text: string }) => l.text.startsWith('Điều 30'));
    expect(link.target).toMatchObject({ document: '84/2025/QH15', article: '30', known: true });
    expect(link.target.unitId).toMatch(/^84\/2025\/QH15\|30/u);
    expect(body.text.slice(link.start, link.end)).toBe(link.text);
    const decree = await get(`/api/units?ref=${encodeURIComponent('khoản 2 điều 117 nđ 174/2026')}`);
    const targets = decree.body.links.map((l: { target: { document: string } }) => l.target.document);
    expect(targets).toContain('15/2020/NĐ-CP');
  });

  it('shows which corpus text amended a provision of a document known only by reference, and from when', async () => {
    const { body } = await get(`/api/units?ref=${encodeURIComponent('Điều 5 Nghị định 124/2020/NĐ-CP')}`);
    expect(body.referenceOnly).toBe(true);
    expect(body.amendments[0]).toMatchObject({ document: '155/2026/NĐ-CP', label: 'Điều 3 Nghị định số 155/2026/NĐ-CP', effective: '2026-07-01' });
    expect(body.statement).toContain('Điều 5 được sửa đổi, bổ sung bởi Điều 3 Nghị định số 155/2026/NĐ-CP (từ 01/07/2026)');
  });

  it('answers a question with citations that all resolve to units containing their quotes', async () => {
    const { status, body } = await chat({ message: 'Bán SIM đã kích hoạt sẵn không phải đại lý viễn thông bị phạt bao nhiêu?' });
    expect(status).toBe(200);
    expect(body.grounded).toBe(true);
    expect(body.mode).toBe('extractive');
    expect(body.citations.length).toBeGreaterThan(0);
    expect(body.citations[0].ref.document).toBe('174/2026/NĐ-CP');
    for (const citation of body.citations) {
      expect(body.answer).toContain(`[${citation.n}]`);
      const unit = await get(`/api/units?ref=${encodeURIComponent(citation.unitId)}`);
      expect(unit.status).toBe(200);
      expect(unit.body.text).toContain(citation.quote);
      for (const span of citation.spans) expect(unit.body.text).toContain(span);
    }
    // Fines are for organisations: the decree's own rule for individuals is cited too.
    expect(body.citations.some((c: { quote: string }) => c.quote.includes('1/2 mức phạt tiền'))).toBe(true);
  });

  it('answers the same question typed without diacritics with the same provision', async () => {
    const accented = await chat({ message: 'Bán SIM đã kích hoạt sẵn không phải đại lý viễn thông bị phạt bao nhiêu?' });
    const folded = await chat({ message: 'ban sim da kich hoat san khong phai dai ly vien thong bi phat bao nhieu' });
    expect(folded.body.grounded).toBe(true);
    expect(folded.body.citations[0].unitId).toBe(accented.body.citations[0].unitId);
    // The same fine, stated the same way (restored diacritics may weigh the words a little differently).
    expect(accented.body.short).toContain('30.000.000 đồng đến 40.000.000 đồng');
    expect(folded.body.short).toContain('30.000.000 đồng đến 40.000.000 đồng');
  });

  it('answers from the law in force at the time the question names', async () => {
    const { body } = await chat({ message: 'Năm 2024, thời hạn thanh tra hành chính do Thanh tra Chính phủ tiến hành là bao lâu?' });
    expect(body.asOf).toBe('2024-12-31');
    expect(body.answer).toMatch(/^Trả lời theo văn bản có hiệu lực trong năm 2024/u);
    expect(body.citations[0].ref.document).toBe('11/2022/QH15');
  });

  it('declines a question outside the corpus, without saying the law is silent', async () => {
    const { body } = await chat({ message: 'Công thức nấu phở bò ngon nhất là gì?' });
    expect(body.grounded).toBe(false);
    expect(body.outcome).toBe('decline');
    expect(body.answer).toMatch(/^Câu hỏi này nằm ngoài phạm vi các văn bản trong kho/u);
    expect(body.answer).not.toMatch(/căn cứ pháp lý/u);
  });

  it('streams the answer, then one event with the citations', async () => {
    const response = await app.fetch('/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ message: 'Thời hạn thanh tra tối đa bao lâu?' }),
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/u);
    const text = await response.text();
    const events = [...text.matchAll(/^event: (\w+)$/gmu)].map((m) => m[1]);
    expect(events[0]).toBe('start');
    expect(events.filter((e) => e === 'delta').length).toBeGreaterThan(1);
    expect(events.at(-1)).toBe('done');
    const done = JSON.parse(/event: done\ndata: (.*)/u.exec(text)?.[1] ?? '{}');
    const streamed = [...text.matchAll(/event: delta\ndata: (.*)/gu)].map((m) => JSON.parse(m[1] ?? '{}').text).join('');
    expect(streamed).toBe(done.answer);
    expect(done.citations[0].ref).toMatchObject({ document: '84/2025/QH15', article: '20' });
  });

  it('refuses bad input clearly and stays up', async () => {
    const malformed = await chat('{"message": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('BAD_REQUEST');
    const empty = await chat({ message: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0]).toMatch(/không được để trống/u);
    const long = await chat({ message: 'a'.repeat(100_000) });
    expect(long.status).toBe(400);
    expect(long.body.error.details[0]).toMatch(/quá dài/u);
    const huge = await chat({ message: 'a'.repeat(400_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const wrongType = await chat({ message: 42 });
    expect(wrongType.status).toBe(400);
    const badDate = await get('/api/search?q=thanh%20tra&asOf=hom-nay');
    expect(badDate.status).toBe(400);
    const missing = await get('/api/units?ref=%C4%91i%E1%BB%81u%209999%20n%C4%91%20174%2F2026');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('REFERENCE_NOT_FOUND');
    expect((await get('/api/health')).status).toBe(200);
  });

  it('stores feedback in the store, readable by admins only', async () => {
    const response = await app.fetch('/api/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: 'q?', answer: 'a', rating: 'down', comment: 'Trích sai khoản' }),
    });
    expect(response.status).toBe(201);
    const { body } = await get('/api/feedback');
    expect(body[0]).toMatchObject({ question: 'q?', rating: 'down', comment: 'Trích sai khoản' });
    expect((await app.fetch('/api/feedback')).status).toBe(403);
    expect((await app.store.listFeedback(10))[0]).toMatchObject({ question: 'q?', rating: 'down' });
  });

  it('lists documents by type and status, and opens one with its tree and relations', async () => {
    const laws = await get(`/api/documents?type=${encodeURIComponent('Luật')}&origin=text&asOf=2026-11-22`);
    expect(laws.body.map((d: { number: string }) => d.number).sort()).toEqual(['104/2016/QH13', '11/2022/QH15', '24/2018/QH14', '84/2025/QH15']);
    expect(laws.body.find((d: { number: string }) => d.number === '11/2022/QH15').status).toBe('hết hiệu lực');
    const decree = await get(`/api/documents/${encodeURIComponent('174/2026/NĐ-CP')}`);
    expect(decree.status).toBe(200);
    type Node = { kind: string; children: Node[] };
    const count = (nodes: Node[]): number => nodes.reduce((sum, node) => sum + (node.kind === 'article' ? 1 : 0) + count(node.children), 0);
    expect(count(decree.body.tree)).toBe(117);
    expect(decree.body.tree.map((node: { label: string }) => node.label).slice(0, 2)).toEqual(['Chương I', 'Chương II']);
    expect(decree.body.relations.repeals[0]).toMatchObject({ number: '15/2020/NĐ-CP', parts: expect.stringContaining('Điều 75') });
    const amended = await get(`/api/documents/${encodeURIComponent('124/2020/NĐ-CP')}`);
    expect(amended.body.origin).toBe('reference');
    expect(amended.body.relations.amendedBy[0].number).toBe('155/2026/NĐ-CP');
  });
});

describe('answers an inspector can act on', () => {
  it('a penalty question opens with the fine of the act, the individuals\' share and the additional sanction, each with its marker', async () => {
    // The issue's own short question: whether it is answered or offered as likely is the fitted
    // confidence's call; either way the sanction clause of Điều 34 comes first, never Điều 57's prepaid cards.
    const short = await chat({ message: 'kích hoạt SIM sai quy định bị phạt bao nhiêu?', asOf: '2026-08-01' });
    expect(short.body.outcome).not.toBe('decline');
    expect(short.body.citations[0].label).toMatch(/Khoản 7 Điều 34 Nghị định số 174\/2026\/NĐ-CP$/u);
    const { body } = await chat({ message: 'Bán SIM đã kích hoạt sẵn không phải đại lý viễn thông bị phạt bao nhiêu?', asOf: '2026-08-01' });
    expect(body.outcome).toBe('answer');
    expect(body.citations[0].label).toMatch(/^Điểm [a-zđ] Khoản 7 Điều 34 Nghị định số 174\/2026\/NĐ-CP$/u);
    expect(body.short).toMatch(/bị phạt tiền từ 30\.000\.000 đồng đến 40\.000\.000 đồng; cá nhân có cùng hành vi bị phạt bằng 1\/2 mức phạt tiền đối với tổ chức \[1\]\[2\]/u);
    expect(body.citations[1].label).toBe('Khoản 3 Điều 4 Nghị định số 174/2026/NĐ-CP');
    expect(body.short).toMatch(/Hình thức xử phạt bổ sung: tịch thu tang vật, phương tiện vi phạm hành chính \[\d\]/u);
    expect(body.answer.indexOf('Căn cứ:')).toBeGreaterThan(body.answer.indexOf(body.short.slice(0, 40)));
  });

  it('a deadline question states the periods in its own lines', async () => {
    const { body } = await chat({ message: 'Thời hạn thanh tra tối đa bao lâu?' });
    expect(body.citations[0].label).toBe('Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15');
    expect(body.short).toMatch(/không quá 60 ngày.*\[1\]/u);
    expect(body.short).toMatch(/không quá 45 ngày.*\[1\]/u);
  });

  it('a follow-up is read with the conversation\'s subject', async () => {
    const { body } = await chat({
      message: 'còn cá nhân thì sao?',
      history: [
        { role: 'user', content: 'Bán SIM đã kích hoạt sẵn không phải đại lý viễn thông bị phạt bao nhiêu?' },
        { role: 'assistant', content: 'Tổ chức bị phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng [1].' },
      ],
      asOf: '2026-08-01',
    });
    expect(body.outcome).not.toBe('decline');
    expect(body.citations[0].ref).toMatchObject({ document: '174/2026/NĐ-CP', article: '34' });
    expect(body.answer).toMatch(/1\/2/u);
  });

  it('a follow-up in a stored conversation stays in the text the previous answer cited', async () => {
    const first = await chat({ message: 'Kết luận thanh tra phải được công khai trong thời hạn bao lâu?' });
    expect(first.body.citations[0].ref.document).toBe('84/2025/QH15');
    // Names no text of its own: without the conversation the question goes to the law on access to information.
    const followUp = await chat({ message: 'phải công khai bằng những hình thức nào?', conversationId: first.body.conversationId });
    expect(followUp.status).toBe(200);
    expect(followUp.body.citations[0].ref).toMatchObject({ document: '84/2025/QH15', article: '37' });
  });

  it('says whether a whole text is in force, citing the provision that ended it and its own entry into force', async () => {
    const old = await chat({ message: 'Luật Thanh tra 2022 còn hiệu lực không?' });
    expect(old.body.outcome).toBe('answer');
    expect(old.body.short).toMatch(/^Luật Thanh tra số 11\/2022\/QH15: không còn hiệu lực\./u);
    expect(old.body.citations[0].label).toBe('Khoản 2 Điều 63 Luật Thanh tra số 84/2025/QH15');
    expect(old.body.citations[1].label).toMatch(/Điều \d+ Luật Thanh tra số 11\/2022\/QH15$/u);
    const then = await chat({ message: 'Năm 2024 Luật Thanh tra 2022 còn hiệu lực không?' });
    expect(then.body.short).toMatch(/Luật Thanh tra số 11\/2022\/QH15: còn hiệu lực\./u);
    // Known only through the decree that repealed it: its status, from the repealing provision.
    const repealed = await chat({ message: 'Nghị định 135/2021/NĐ-CP hiện còn được áp dụng không?' });
    expect(repealed.body.short).toMatch(/Nghị định số 135\/2021\/NĐ-CP: không còn hiệu lực\./u);
    expect(repealed.body.citations[0].ref.document).toBe('61/2026/NĐ-CP');
    expect(repealed.body.citations[0].spans.join(' ')).toContain('135/2021/NĐ-CP');
    const partly = await chat({ message: 'nghi dinh 15/2020 con hieu luc khong', asOf: '2026-08-01' });
    expect(partly.body.short).toMatch(/^Nghị định số 15\/2020\/NĐ-CP: còn hiệu lực, trừ một số quy định đã bị bãi bỏ\./u);
    expect(partly.body.citations[0].ref.document).toBe('174/2026/NĐ-CP');
    expect(partly.body.citations[0].quote).toMatch(/^Bãi bỏ Chương II/u);
    // What the question says the text is about is part of its name.
    const described = await chat({ message: 'Nghị định 135/2021/NĐ-CP về phương tiện, thiết bị kỹ thuật nghiệp vụ phát hiện vi phạm hành chính hiện còn hiệu lực không?' });
    expect(described.body.short).toMatch(/^Nghị định số 135\/2021\/NĐ-CP: không còn hiệu lực\./u);
    // A question about an act under a text that was replaced is not a question about the text's status.
    const act = await chat({ message: 'Theo Nghị định 15/2020/NĐ-CP trước khi bị thay thế, hành vi không lưu trữ thông tin thuê bao bị phạt bao nhiêu?', asOf: '2026-08-01' });
    expect(act.body.short).not.toMatch(/Nghị định số 15\/2020\/NĐ-CP: còn hiệu lực/u);
    // "có hiệu lực" of something else than a text is not a question about a text's status.
    const other = await chat({ message: 'Kết luận thanh tra theo Luật Thanh tra 2025 có hiệu lực khi nào?' });
    expect(other.body.short).not.toMatch(/: còn hiệu lực\./u);
  });

  it('a repealed article looked up by reference is answered with the provision that repealed it first', async () => {
    const { body } = await chat({ message: 'khoản 1 điều 47 luật thanh tra 11/2022/QH15 còn hiệu lực không' });
    expect(body.short).toMatch(/^Luật Thanh tra số 11\/2022\/QH15 không còn hiệu lực: .*\[1\]\./u);
    expect(body.citations[0].label).toBe('Khoản 2 Điều 63 Luật Thanh tra số 84/2025/QH15');
    expect(body.citations[1].label).toBe('Khoản 1 Điều 47 Luật Thanh tra số 11/2022/QH15');
    const current = await chat({ message: 'khoản 3 điều 20 nghị định 174/2026 còn hiệu lực không?', asOf: '2026-08-01' });
    expect(current.body.short).toMatch(/^Khoản 3 Điều 20 Nghị định số 174\/2026\/NĐ-CP: còn hiệu lực\./u);
  });

  it('an article with its own later start date is not in force before it, and a codified text\'s status is unknown', async () => {
    const before = await get(`/api/units?ref=${encodeURIComponent('Điều 8 Thông tư 08/2026/TT-BKHCN')}&asOf=2026-05-01`);
    expect(before.body.status).toBe('chưa có hiệu lực');
    expect(before.body.validity.note).toMatch(/15\/06\/2026/u);
    const after = await get(`/api/units?ref=${encodeURIComponent('Điều 8 Thông tư 08/2026/TT-BKHCN')}&asOf=2026-07-01`);
    expect(after.body.status).toBe('còn hiệu lực');
    const appendix = await get(`/api/units?ref=${encodeURIComponent('Phụ lục XI Nghị định số 61/2026/NĐ-CP')}`);
    expect(appendix.body.label).toBe('Phụ lục XI Nghị định số 61/2026/NĐ-CP');
  });
});
