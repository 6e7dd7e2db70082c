/** `npm run search -- [--json] [--k N] [--as-of YYYY-MM-DD] "query"` */
import type { Config } from '../config.js';
import { unitLabel } from '../legal/units.js';
import { hitToJson } from '../retrieval/hitJson.js';
import type { SearchHit } from '../retrieval/retriever.js';
import { openKnowledge, retrieverFor } from './context.js';

export async function runSearch(config: Config, query: string, options: { json?: boolean; explain?: boolean; k: number; asOf?: string }): Promise<void> {
  const knowledge = await openKnowledge(config);
  const hits = await retrieverFor(config, knowledge).search(query, { k: options.k, ...(options.asOf ? { asOf: options.asOf } : {}) });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(hits.map((hit) => ({ ...hitToJson(hit), ...(options.explain ? { reasons: hit.reasons } : {}) })), null, 2)}\n`);
    return;
  }
  if (hits.length === 0) {
    process.stdout.write('Không tìm thấy quy định phù hợp.\n');
    return;
  }
  hits.forEach((hit, position) => {
    const preview = hit.unit.text.replace(/\s+/gu, ' ').slice(0, 220);
    process.stdout.write(`${position + 1}. ${unitLabel(hit.unit)} — ${hit.unit.articleTitle} [${hit.validity.status}] (${hit.score.toFixed(3)})\n   ${preview}${hit.unit.text.length > 220 ? '…' : ''}\n`);
    if (options.explain) process.stdout.write(`   ↳ ${explain(hit.reasons)}\n`);
  });
}

const STAGE_LABELS: Record<keyof SearchHit['reasons'], string> = {
  bm25Unit: 'BM25 khoản',
  bm25Article: 'BM25 điều',
  documentPrior: 'văn bản được nêu',
  title: 'trùng tiêu đề điều',
  definition: 'định nghĩa',
  sanction: 'điều khoản xử phạt khớp hành vi',
  authority: 'hỏi thẩm quyền, không phải điều mô tả vi phạm',
  fineless: 'hỏi mức phạt, văn bản không quy định mức phạt',
  lexical: 'phần từ khoá',
  vector: 'phần véc-tơ',
  validity: '× hiệu lực',
  rerank: 'mô hình xếp hạng lại',
  reference: 'dẫn chiếu trực tiếp',
};

/** "BM25 khoản 0.412 · BM25 điều 0.288 · … · phần véc-tơ 0.071": what each ranking stage contributed. */
function explain(reasons: SearchHit['reasons']): string {
  return (Object.entries(reasons) as Array<[keyof SearchHit['reasons'], number]>).map(([stage, value]) => `${STAGE_LABELS[stage]} ${value.toFixed(3)}`).join(' · ');
}
