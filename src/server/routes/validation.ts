/** Shared request schemas. */
import { z } from 'zod';

/** A real calendar date as YYYY-MM-DD: "2026-13-45" and "2026-02-30" are refused. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const IsoDate = z.string().refine(isCalendarDate, 'ngày theo dạng YYYY-MM-DD và phải là ngày có thật');
