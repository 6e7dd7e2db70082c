/** A numbered schema change; each dialect keeps its own list, applied in order and recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Checks a list is numbered 1, 2, 3 ... without gaps, so a missing or repeated migration fails at start-up. */
export function checkedMigrations(migrations: readonly Migration[]): readonly Migration[] {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
  });
  return migrations;
}
