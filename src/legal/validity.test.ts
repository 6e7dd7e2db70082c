import { describe, expect, it } from 'vitest';
import type { RepealedPart } from './types.js';
import { displayDate, statusOn, type ValidityFacts } from './validity.js';

const DECREE: ValidityFacts = { number: '10/2030/NĐ-CP', origin: 'text', effective: '2030-07-01' };

function repeal(part: Partial<RepealedPart>): RepealedPart {
  return { document: DECREE.number, articles: [], chapters: [], ranges: [], by: '20/2031/NĐ-CP', ...part };
}

describe('displayDate', () => {
  it('writes an ISO date the Vietnamese way, day first', () => {
    expect(displayDate('2025-07-01')).toBe('01/07/2025');
    expect(displayDate('2031-12-31')).toBe('31/12/2031');
  });
});

describe('statusOn', () => {
  it('a text is not yet in force before its effective date, and in force from that very day', () => {
    const before = statusOn(DECREE, '2030-06-30');
    expect(before).toMatchObject({ status: 'chưa có hiệu lực', inForce: false, since: '2030-07-01' });
    expect(before.note).toContain('01/07/2030');
    const onTheDay = statusOn(DECREE, '2030-07-01');
    expect(onTheDay).toMatchObject({ status: 'còn hiệu lực', inForce: true, since: '2030-07-01' });
    expect(onTheDay.note).toBe('Còn hiệu lực (từ 01/07/2030)');
  });

  it('a replaced text is out of force from its expiry and names what replaced it', () => {
    const facts: ValidityFacts = { ...DECREE, expired: '2032-01-01', replacedBy: '30/2031/NĐ-CP' };
    expect(statusOn(facts, '2031-12-31').status).toBe('còn hiệu lực');
    const after = statusOn(facts, '2032-01-01', '5');
    expect(after).toMatchObject({ status: 'hết hiệu lực', inForce: false, since: '2032-01-01', by: '30/2031/NĐ-CP' });
    expect(after.note).toBe('Hết hiệu lực từ 01/01/2032 (được thay thế bởi 30/2031/NĐ-CP)');
  });

  it('an expired text without a successor says only when it ended', () => {
    const verdict = statusOn({ ...DECREE, expired: '2032-01-01' }, '2033-01-01');
    expect(verdict.status).toBe('hết hiệu lực');
    expect(verdict.by).toBeUndefined();
    expect(verdict.note).toBe('Hết hiệu lực từ 01/01/2032');
  });

  it('a repealed article is out of force while the rest of the text is only partly repealed', () => {
    const facts: ValidityFacts = { ...DECREE, repealed: [repeal({ articles: ['5'], from: '2031-07-01' })] };
    const article5 = statusOn(facts, '2031-08-01', '5');
    expect(article5).toMatchObject({ status: 'hết hiệu lực', inForce: false, since: '2031-07-01', by: '20/2031/NĐ-CP' });
    expect(article5.note).toBe('Điều 5 đã bị bãi bỏ từ 01/07/2031 bởi 20/2031/NĐ-CP');
    const article6 = statusOn(facts, '2031-08-01', '6');
    expect(article6).toMatchObject({ status: 'hết hiệu lực một phần', inForce: true, by: '20/2031/NĐ-CP' });
    expect(statusOn(facts, '2031-08-01').status).toBe('hết hiệu lực một phần');
  });

  it('says how a text that is no longer in force ended, and by which text when a whole repeal names it', () => {
    expect(statusOn({ ...DECREE, repealed: [repeal({ articles: ['5'] })] }, '2031-08-01', '5').ended).toBe('article repealed');
    const whole = statusOn({ ...DECREE, expired: '2031-04-01', repealed: [repeal({ whole: true, from: '2031-04-01' })] }, '2031-08-01');
    expect(whole).toMatchObject({ status: 'hết hiệu lực', ended: 'expired', by: '20/2031/NĐ-CP' });
    expect(statusOn(DECREE, '2031-08-01').ended).toBeUndefined();
  });

  it('a repeal counts only from the day it takes effect', () => {
    const facts: ValidityFacts = { ...DECREE, repealed: [repeal({ articles: ['5'], from: '2031-07-01' })] };
    expect(statusOn(facts, '2031-06-30', '5').status).toBe('còn hiệu lực');
    expect(statusOn(facts, '2031-06-30').status).toBe('còn hiệu lực');
  });

  it('a repealed chapter or range of articles takes its articles with it, and no others', () => {
    const facts: ValidityFacts = { ...DECREE, repealed: [repeal({ chapters: ['III'], ranges: [['20', '22']] })] };
    expect(statusOn(facts, '2031-01-01', '12', 'III').status).toBe('hết hiệu lực');
    expect(statusOn(facts, '2031-01-01', '12', 'II').status).toBe('hết hiệu lực một phần');
    expect(statusOn(facts, '2031-01-01', '21').status).toBe('hết hiệu lực');
    expect(statusOn(facts, '2031-01-01', '20a').status).toBe('hết hiệu lực');
    expect(statusOn(facts, '2031-01-01', '23').status).toBe('hết hiệu lực một phần');
  });

  it('an article with a later start date of its own is not yet in force while the rest is', () => {
    const facts: ValidityFacts = { ...DECREE, articleEffective: [{ articles: ['10', '11'], from: '2031-01-01' }] };
    const article10 = statusOn(facts, '2030-09-01', '10');
    expect(article10).toMatchObject({ status: 'chưa có hiệu lực', inForce: false, since: '2031-01-01' });
    expect(article10.note).toBe('Điều 10 chưa có hiệu lực (có hiệu lực từ 01/01/2031)');
    expect(statusOn(facts, '2030-09-01', '9').status).toBe('còn hiệu lực');
    expect(statusOn(facts, '2030-09-01').status).toBe('còn hiệu lực');
    expect(statusOn(facts, '2031-01-01', '11').status).toBe('còn hiệu lực');
  });

  it.each(['codification', 'reference'] as const)('a text known only from origin "%s" has an unknown status, never "còn hiệu lực"', (origin) => {
    const facts: ValidityFacts = { ...DECREE, origin };
    for (const asOf of ['2030-07-01', '2040-01-01']) {
      const verdict = statusOn(facts, asOf, '3');
      expect(verdict.status).toBe('không rõ');
      expect(verdict.note).not.toMatch(/còn hiệu lực/iu);
      expect(verdict.note).toContain('01/07/2030');
    }
    // What such a source does say still counts: not yet in force before its start.
    expect(statusOn(facts, '2030-01-01').status).toBe('chưa có hiệu lực');
  });

  it('a text without an effective date has an unknown status', () => {
    const verdict = statusOn({ number: 'Công văn 1/ABC', origin: 'text' }, '2030-01-01');
    expect(verdict).toMatchObject({ status: 'không rõ', inForce: true });
    expect(verdict.since).toBeUndefined();
  });
});
