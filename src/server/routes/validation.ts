/** Shared request schemas. */
import { z } from 'zod';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'ngày theo dạng YYYY-MM-DD');
