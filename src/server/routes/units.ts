import { z } from 'zod';
import { AppError } from '../../errors.js';
import { parseReference, resolveDocument } from '../../legal/reference.js';
import { today } from '../../legal/validity.js';
import type { AppDependencies } from '../app.js';
import { EVERYONE, type ApiBuilder } from '../api.js';
import { IsoDate } from './validation.js';

const Query = z.object({ ref: z.string().trim().min(1).max(500), asOf: IsoDate.optional() });

export function unitRoutes(api: ApiBuilder, { serving }: AppDependencies): void {
  api.get('/units', EVERYONE, (request, response) => {
    const { lookup, retriever } = serving.current;
    const { ref, asOf } = Query.parse(request.query);
    const date = asOf ?? today();
    const unit = lookup.find(ref, date);
    if (unit) {
      response.json(lookup.view(unit, date));
      return;
    }
    // A document known only by reference still gets what is known of it.
    const parsed = parseReference(ref);
    const number = parsed.document ? resolveDocument(parsed.document, retriever.knowledge.knownDocuments, { asOf: date }) : undefined;
    const known = number ? lookup.referenceOnly(number, parsed.article, date) : undefined;
    if (known && number) {
      response.json({
        ref: { document: number, ...(parsed.article ? { article: parsed.article } : {}), ...(parsed.clause ? { clause: parsed.clause } : {}) },
        label: `${parsed.article ? `Điều ${parsed.article} ` : ''}${known.document.label}`,
        referenceOnly: true,
        statement: known.statement,
        amendments: known.amendments,
        status: known.status,
        inForce: known.inForce,
        document: known.document,
        asOf: date,
      });
      return;
    }
    throw new AppError('REFERENCE_NOT_FOUND', ref);
  });
}
