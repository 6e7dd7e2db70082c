/** Where the shared data lives for tests (read in place, never copied). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = path.resolve(ROOT, '../shared');
export const VAN_BAN = path.join(SHARED, 'corpus/van-ban');
export const PHAP_DIEN = path.join(SHARED, 'corpus/phap-dien');
export const BENCHMARKS = path.join(SHARED, 'benchmarks');
