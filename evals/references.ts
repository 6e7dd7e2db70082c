/** How often references typed as people type them open the right provision (first search hit). */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Retriever } from '../src/retrieval/retriever.js';

const ReferenceSet = z.object({
  references: z.array(z.object({ text: z.string(), expect: z.object({ document: z.string(), article: z.string(), clause: z.string().optional() }), asOf: z.string().optional() })),
});

export async function evaluateReferences(retriever: Retriever, file = path.resolve('evals/references.json')) {
  const { references } = ReferenceSet.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const misses: Array<{ text: string; expected: string; got: string }> = [];
  for (const reference of references) {
    const [hit] = await retriever.search(reference.text, { k: 1, ...(reference.asOf ? { asOf: reference.asOf } : {}) });
    const got = hit ? `${hit.unit.ref.document} Điều ${hit.unit.ref.article ?? '-'}${hit.unit.ref.clause ? ` Khoản ${hit.unit.ref.clause}` : ''}` : '(không có)';
    const right =
      hit !== undefined &&
      hit.exact &&
      hit.unit.ref.document === reference.expect.document &&
      hit.unit.ref.article === reference.expect.article &&
      (reference.expect.clause === undefined || hit.unit.ref.clause === reference.expect.clause);
    if (!right) misses.push({ text: reference.text, expected: `${reference.expect.document} Điều ${reference.expect.article}${reference.expect.clause ? ` Khoản ${reference.expect.clause}` : ''}`, got });
  }
  return { total: references.length, right: references.length - misses.length, misses };
}
