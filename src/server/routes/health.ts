import { Router } from 'express';
import type { AppDependencies } from '../app.js';

export function healthRoutes({ retriever, answerer }: AppDependencies): Router {
  const router = Router();
  router.get('/health', (_request, response) => {
    const manifest = retriever.knowledge.manifest;
    response.json({
      status: 'ok',
      units: manifest.unitCount,
      documents: manifest.documentCount,
      embedder: manifest.embedder,
      builtAt: manifest.builtAt,
      answerMode: answerer.mode,
    });
  });
  return router;
}
