/**
 * The citations of one answer, numbered in the order they are first used: each is a unit (with the
 * Điểm it points at, if any) and the exact spans of its text the answer quotes.
 */
import type { LegalUnit } from '../legal/units.js';
import type { Retriever } from '../retrieval/retriever.js';
import { citationOf } from './citations.js';
import type { Citation } from './types.js';

interface Entry {
  unit: LegalUnit;
  point?: string;
  spans: string[];
}

export class CitationList {
  private readonly entries: Entry[] = [];
  private readonly retriever: Retriever;
  private readonly asOf: string;

  constructor(retriever: Retriever, asOf: string) {
    this.retriever = retriever;
    this.asOf = asOf;
  }

  /** The marker number of a unit (and Điểm), adding it or the new spans it quotes. Spans must occur verbatim in the unit. */
  cite(unit: LegalUnit, spans: readonly string[], point?: string): number {
    const verbatim = spans.map((span) => span.trim()).filter((span) => span.length > 0 && unit.text.includes(span));
    // A unit quoted without a Điểm joins the entry that already cites it (with its Điểm).
    const index = this.entries.findIndex((entry) => entry.unit.id === unit.id && (entry.point === point || point === undefined));
    if (index >= 0) {
      const entry = this.entries[index] as Entry;
      for (const span of verbatim) {
        if (entry.spans.some((kept) => kept.includes(span))) continue;
        entry.spans = entry.spans.filter((kept) => !span.includes(kept));
        entry.spans.push(span);
      }
      // Quoted in the order the unit has them.
      entry.spans.sort((p, q) => entry.unit.text.indexOf(p) - entry.unit.text.indexOf(q));
      return index + 1;
    }
    this.entries.push({ unit, ...(point ? { point } : {}), spans: verbatim.length > 0 ? verbatim : [unit.text.split('\n')[0]?.trim() ?? unit.text] });
    return this.entries.length;
  }

  has(unitId: string): boolean {
    return this.entries.some((entry) => entry.unit.id === unitId);
  }

  get size(): number {
    return this.entries.length;
  }

  citations(): Citation[] {
    return this.entries.map((entry, index) => {
      const unit = entry.point ? { ...entry.unit, ref: { ...entry.unit.ref, point: entry.point } } : entry.unit;
      return citationOf(this.retriever, unit, entry.spans[0] ?? '', index + 1, this.asOf, entry.spans);
    });
  }
}
