/**
 * The vector candidates: the question's legal words embedded, moved toward the centroid of the best
 * lexical hits (pseudo-relevance feedback, Rocchio in embedding space), and their nearest units.
 */
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import type { QuestionAnalysis } from '../analyze.js';
import type { Ranked } from './types.js';

export interface VectorSettings {
  feedbackWeight: number;
  feedbackDepth: number;
}

/** The query vector moved toward the centroid of the best lexical hits, unit length. */
export function withFeedback(query: readonly number[], lexical: readonly Ranked[], vectorOf: (doc: number) => Float32Array, settings: VectorSettings): number[] {
  const dimension = query.length;
  const moved = Float64Array.from(query);
  const top = lexical.slice(0, settings.feedbackDepth);
  for (const hit of top) {
    const vector = vectorOf(hit.doc);
    for (let d = 0; d < dimension; d++) moved[d] = (moved[d] as number) + (settings.feedbackWeight / top.length) * (vector[d] as number);
  }
  const norm = Math.sqrt(moved.reduce((sum, v) => sum + v * v, 0)) || 1;
  return Array.from(moved, (v) => v / norm);
}

export async function vectorCandidates(
  analysis: QuestionAnalysis,
  knowledge: KnowledgeBase,
  lexical: readonly Ranked[],
  depth: number,
  settings: VectorSettings,
  allowed?: (doc: number) => boolean,
): Promise<Ranked[]> {
  let query = await knowledge.embedder.embedQuery(analysis.restoredContent.join(' '));
  if (settings.feedbackWeight > 0 && lexical.length > 0) query = withFeedback(query, lexical, (doc) => knowledge.vectorOf(doc), settings);
  const nearest = await knowledge.nearest(query, allowed ? depth * 5 : depth);
  return allowed ? nearest.filter((hit) => allowed(hit.doc)).slice(0, depth) : nearest;
}
