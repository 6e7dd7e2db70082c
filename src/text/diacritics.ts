/**
 * Diacritics put back into a question typed without them ("thoi han thanh tra toi da" → "thời hạn
 * thanh tra tối đa"), from the index's own statistics: each folded syllable may be any accented
 * syllable of the corpus that folds to it, and the sequence chosen is the most likely under a bigram
 * model of the corpus (counts are the units a syllable or a pair occurs in, smoothed toward the
 * syllable's own frequency), found by a Viterbi pass. Syllables the corpus never saw stay as typed.
 */
import { QUESTION_WORDS, WRAPPING_PHRASES } from './conversational.js';
import { INTENT_CUES } from './intents.js';
import { foldDiacritics } from './vietnamese.js';

/** What the restorer needs to know of a corpus: its accented syllables and how often pairs of them occur together. */
export interface SyllableStatistics {
  /** Every accented syllable with the number of units it occurs in. */
  syllableCounts(): Iterable<[string, number]>;
  /** The number of units in which `first` is directly followed by `second`. */
  pairCount(first: string, second: string): number;
}

/** Accented forms kept per folded syllable: the most frequent ones. */
const CANDIDATES_PER_SYLLABLE = 6;
/** Dirichlet smoothing of P(syllable | previous syllable) toward P(syllable). */
const SMOOTHING = 10;

/**
 * How people ask, which the law never writes: left to the corpus, "bao lau" would become "báo lậu" and
 * "bi phat" "bị phát". Question words, and the courtesy phrases and intent cues of more than one
 * syllable, are pinned to their accented forms (a lone "a" may be a Điểm letter, "buoc" a step).
 */
const PINNED_PHRASES = [...new Set([...QUESTION_WORDS, ...[...WRAPPING_PHRASES, ...INTENT_CUES].filter((p) => p.includes(' '))])]
  .map((accented) => ({ folded: foldDiacritics(accented).split(' '), accented: accented.split(' ') }))
  .sort((p, q) => q.folded.length - p.folded.length);

export class DiacriticRestorer {
  private readonly forms = new Map<string, Array<{ form: string; df: number }>>();
  private readonly statistics: SyllableStatistics;
  /** Sum of the syllables' unit counts, and how many distinct syllables: the unigram model's denominator. */
  private total = 0;
  private vocabulary = 0;

  constructor(statistics: SyllableStatistics) {
    this.statistics = statistics;
    for (const [form, df] of statistics.syllableCounts()) {
      this.total += df;
      this.vocabulary++;
      const folded = foldDiacritics(form);
      const list = this.forms.get(folded) ?? [];
      list.push({ form, df });
      this.forms.set(folded, list);
    }
    for (const list of this.forms.values()) {
      list.sort((p, q) => q.df - p.df);
      list.length = Math.min(list.length, CANDIDATES_PER_SYLLABLE);
    }
  }

  /** P(syllable) from its unit count, add-half smoothed so that unseen syllables keep a little. */
  private unigram(df: number): number {
    return (df + 0.5) / (this.total + 0.5 * (this.vocabulary + 1));
  }

  /** The most likely accented syllables for folded, lower-cased `tokens`. */
  restore(tokens: readonly string[]): string[] {
    if (tokens.length === 0) return [];
    const options: Array<Array<{ form: string; df: number }>> = tokens.map((token) => this.forms.get(token) ?? [{ form: token, df: 0 }]);
    for (let i = 0; i < tokens.length; i++) {
      const phrase = PINNED_PHRASES.find(({ folded }) => folded.every((word, j) => tokens[i + j] === word));
      if (!phrase) continue;
      phrase.accented.forEach((form, j) => {
        options[i + j] = [{ form, df: 0 }];
      });
      i += phrase.folded.length - 1;
    }
    // best[i][j]: log-probability of the best sequence ending in option j at position i; from[i][j] its predecessor.
    let best = (options[0] ?? []).map((o) => Math.log(this.unigram(o.df)));
    const from: number[][] = [[]];
    for (let i = 1; i < options.length; i++) {
      const previous = options[i - 1] ?? [];
      const current = options[i] ?? [];
      const scores: number[] = [];
      const links: number[] = [];
      for (const option of current) {
        const prior = SMOOTHING * this.unigram(option.df);
        let top = -Infinity;
        let link = 0;
        previous.forEach((before, p) => {
          const pair = this.statistics.pairCount(before.form, option.form);
          const score = (best[p] as number) + Math.log((pair + prior) / (before.df + SMOOTHING));
          if (score > top) {
            top = score;
            link = p;
          }
        });
        scores.push(top);
        links.push(link);
      }
      best = scores;
      from.push(links);
    }
    let choice = best.indexOf(Math.max(...best));
    const restored = new Array<string>(tokens.length);
    for (let i = tokens.length - 1; i >= 0; i--) {
      restored[i] = options[i]?.[choice]?.form ?? (tokens[i] as string);
      choice = from[i]?.[choice] ?? 0;
    }
    return restored;
  }
}
