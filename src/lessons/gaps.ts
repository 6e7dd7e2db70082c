/**
 * Knowledge gaps: the questions the assistant could not answer (provisions offered as likely, or a
 * decline) and the answers people marked wrong, grouped by similar question with counts — the lessons
 * and verified answers worth writing next. Questions are similar when their content words overlap
 * (Jaccard over folded syllables); each group is named by its most frequent question.
 */
import { contentTerms } from '../text/conversational.js';

export interface GapSignal {
  question: string;
  reason: 'likely' | 'decline' | 'thumbs-down';
  at: string;
}

export interface KnowledgeGap {
  question: string;
  count: number;
  reasons: Record<GapSignal['reason'], number>;
  examples: string[];
  lastAt: string;
}

const SIMILAR = 0.5;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

export function groupGaps(signals: readonly GapSignal[], limit = 50): KnowledgeGap[] {
  const groups: Array<{ terms: Set<string>; signals: GapSignal[] }> = [];
  for (const signal of signals) {
    const terms = new Set(contentTerms(signal.question));
    if (terms.size === 0) continue;
    const group = groups.find((g) => jaccard(g.terms, terms) >= SIMILAR);
    if (group) {
      group.signals.push(signal);
      for (const term of terms) group.terms.add(term);
    } else {
      groups.push({ terms, signals: [signal] });
    }
  }
  return groups
    .map((group) => {
      const counts = new Map<string, number>();
      for (const s of group.signals) counts.set(s.question, (counts.get(s.question) ?? 0) + 1);
      const question = [...counts.entries()].sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0]))[0]?.[0] ?? '';
      const reasons = { likely: 0, decline: 0, 'thumbs-down': 0 };
      for (const s of group.signals) reasons[s.reason]++;
      return {
        question,
        count: group.signals.length,
        reasons,
        examples: [...counts.keys()].slice(0, 5),
        lastAt: group.signals.map((s) => s.at).sort().at(-1) ?? '',
      };
    })
    .sort((p, q) => q.count - p.count || q.lastAt.localeCompare(p.lastAt))
    .slice(0, limit);
}
