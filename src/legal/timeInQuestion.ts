/**
 * A question that names a time is answered from the law then in force: "năm 2024" → 31/12/2024,
 * "trước khi Luật Thanh tra 2025 có hiệu lực" → the day before that law took effect.
 */
import { parseReference, resolveDocument, type KnownDocument } from './reference.js';
import { displayDate } from './validity.js';

export interface TimeInQuestion {
  asOf: string;
  /** How the answer says so: "theo văn bản có hiệu lực tại ngày 31/12/2024". */
  phrase: string;
}

function dayBefore(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

export function timeInQuestion(question: string, documents: readonly (KnownDocument & { effective?: string | undefined })[]): TimeInQuestion | undefined {
  const before = /trước (?:khi|ngày)\s+(.{3,80}?)\s+có hiệu lực/iu.exec(question);
  if (before?.[1]) {
    const parsed = parseReference(before[1]);
    const number = parsed.document ? resolveDocument(parsed.document, documents) : undefined;
    const effective = documents.find((d) => d.number === number)?.effective;
    if (effective) {
      const asOf = dayBefore(effective);
      return { asOf, phrase: `theo văn bản có hiệu lực trước ngày ${displayDate(effective)} (trước khi ${number} có hiệu lực)` };
    }
  }
  const dated = /ngày\s+(\d{1,2})[/-](\d{1,2})[/-](\d{4})/u.exec(question);
  if (dated?.[1] && dated[2] && dated[3]) {
    const asOf = `${dated[3]}-${dated[2].padStart(2, '0')}-${dated[1].padStart(2, '0')}`;
    return { asOf, phrase: `theo văn bản có hiệu lực tại ngày ${displayDate(asOf)}` };
  }
  const year = /(?:năm|trong năm|vào năm)\s+(20\d{2}|19\d{2})(?!\/)/iu.exec(question);
  if (year?.[1]) {
    const asOf = `${year[1]}-12-31`;
    return { asOf, phrase: `theo văn bản có hiệu lực trong năm ${year[1]} (tại ngày ${displayDate(asOf)})` };
  }
  return undefined;
}
