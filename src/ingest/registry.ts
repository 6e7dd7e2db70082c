/**
 * The document registry: every document with its relations in both directions, and an entry for
 * each document that others cite, amend, replace or repeal without being in the corpus, so that a
 * question about it gets what is known rather than silence.
 */
import { typeFromNumber } from '../legal/documentTypes.js';
import { emptyDocument, type DocumentRecord } from '../legal/units.js';

function referenceEntry(number: string): DocumentRecord {
  return emptyDocument(number, 'reference', [], typeFromNumber(number));
}

export function linkRegistry(documents: readonly DocumentRecord[]): DocumentRecord[] {
  const byNumber = new Map(documents.map((d) => [d.number, { ...d, amendedBy: [...d.amendedBy], repealed: [] as DocumentRecord['repealed'] }]));
  const entry = (number: string): DocumentRecord => {
    let record = byNumber.get(number);
    if (!record) {
      record = referenceEntry(number);
      byNumber.set(number, record);
    }
    return record;
  };
  for (const document of documents) {
    for (const replaced of document.replaces) {
      const target = entry(replaced);
      target.replacedBy ??= document.number;
      if (document.effective && !target.expired) target.expired = document.effective;
    }
    if (document.replacedBy) entry(document.replacedBy);
    for (const amended of document.amends) {
      const target = entry(amended);
      if (!target.amendedBy.includes(document.number)) target.amendedBy.push(document.number);
    }
    for (const repealed of document.repealsInPart) entry(repealed);
    for (const part of document.repealedParts) {
      const target = entry(part.document);
      target.repealed.push(part);
      if (part.whole && part.from && !target.expired) target.expired = part.from;
    }
  }
  // Replacement stated from the other side ("replaced_by" in a manifest) gives the expiry too.
  for (const document of byNumber.values()) {
    if (document.replacedBy && !document.expired) {
      const successor = byNumber.get(document.replacedBy);
      if (successor?.effective) document.expired = successor.effective;
    }
  }
  return [...byNumber.values()];
}
