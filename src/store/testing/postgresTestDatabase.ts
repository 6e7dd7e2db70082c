/**
 * PostgreSQL for tests: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, trust
 * auth, as on CI) and one throw-away schema per test, so parallel runs never see each other.
 */
import crypto from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test';

/** Connects an admin client, or fails with a message that says what to start. */
export async function connectTestDatabase(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_DATABASE_URL} (${reason}). The PostgreSQL store tests need it: ` +
        'start it (locally: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) ' +
        'or point TEST_DATABASE_URL at a database where this role may create schemas.',
    );
  }
}

/** A fresh schema name: tro_ly_test_<pid>_<random>. */
export function testSchemaName(): string {
  return `tro_ly_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
}

/** The test URL with its search_path set to `schema`. */
export function urlWithSchema(schema: string, base: string = TEST_DATABASE_URL): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export async function createSchema(admin: pg.Client, schema: string): Promise<void> {
  await admin.query(`CREATE SCHEMA ${pg.escapeIdentifier(schema)}`);
}

export async function dropSchema(admin: pg.Client, schema: string): Promise<void> {
  await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
}
