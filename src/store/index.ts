/**
 * The one way the service opens its store: PostgreSQL when a database URL is configured,
 * otherwise a SQLite file in the data folder.
 */
import path from 'node:path';
import { openPostgresStore } from './postgres/postgresStore.js';
import { openSqliteStore } from './sqlite/sqliteStore.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  /** postgres://… ; when absent or empty the store is `dataDir/tro-ly.sqlite`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL only: follow other instances' knowledge changes. Default true; one-shot CLI commands may pass false. */
  listen?: boolean;
  /** Where errors that no caller awaits go (listeners, dropped connections). Default: stderr. */
  onBackgroundError?: (error: unknown) => void;
}

export const SQLITE_FILE_NAME = 'tro-ly.sqlite';

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const onBackgroundError = options.onBackgroundError ?? ((error: unknown) => console.error('store:', error));
  if (options.databaseUrl) {
    return openPostgresStore({ connectionString: options.databaseUrl, listen: options.listen ?? true, onBackgroundError });
  }
  return openSqliteStore({ file: path.join(options.dataDir, SQLITE_FILE_NAME), onListenerError: onBackgroundError });
}

export { StoreConflictError, ReviewerIsAuthorError } from './errors.js';
export { knowledgeItemSchema } from './shared/records.js';
export * from './types.js';
