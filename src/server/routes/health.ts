import type { AppDependencies } from '../app.js';
import type { ApiBuilder } from '../api.js';

/** GET /api/health (no sign-in): the service is up, and which index and knowledge it serves. */
export function healthRoutes(api: ApiBuilder, { serving, store, indexStatus }: AppDependencies): void {
  api.get('/health', 'public', (_request, response) => {
    const state = serving.current;
    const manifest = state.corpus.manifest;
    response.json({
      status: 'ok',
      units: manifest.unitCount,
      documents: manifest.documentCount,
      embedder: manifest.embedder,
      builtAt: manifest.builtAt,
      buildId: manifest.buildId,
      liveKnowledgeItems: state.liveItems,
      servingSince: state.since,
      answerMode: state.answerer.mode,
      store: store.backend,
      ...(indexStatus ? { index: indexStatus() } : {}),
    });
  });
}
