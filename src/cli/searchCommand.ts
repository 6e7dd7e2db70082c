/** `npm run search -- [--json] [--k N] [--as-of YYYY-MM-DD] "query"` */
import type { Config } from '../config.js';
import { unitLabel } from '../legal/units.js';
import { hitToJson } from '../retrieval/hitJson.js';
import { openKnowledge, retrieverFor } from './context.js';

export async function runSearch(config: Config, query: string, options: { json?: boolean; k: number; asOf?: string }): Promise<void> {
  const knowledge = await openKnowledge(config);
  const hits = await retrieverFor(config, knowledge).search(query, { k: options.k, ...(options.asOf ? { asOf: options.asOf } : {}) });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(hits.map(hitToJson), null, 2)}\n`);
    return;
  }
  if (hits.length === 0) {
    process.stdout.write('Không tìm thấy quy định phù hợp.\n');
    return;
  }
  hits.forEach((hit, position) => {
    const preview = hit.unit.text.replace(/\s+/gu, ' ').slice(0, 220);
    process.stdout.write(`${position + 1}. ${unitLabel(hit.unit)} — ${hit.unit.articleTitle} [${hit.validity.status}] (${hit.score.toFixed(3)})\n   ${preview}${hit.unit.text.length > 220 ? '…' : ''}\n`);
  });
}
