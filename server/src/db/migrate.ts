import type { Database } from './database'
import { type Migration, MIGRATIONS } from './migrations'
import { sql } from './statement'

// The bookkeeping table keeps the name and shape Kysely's migrator gave it, so databases created by earlier
// versions upgrade in place.
const CREATE_LEDGER = `create table if not exists "kysely_migration" ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null)`
const APPLIED = sql('select "name" from "kysely_migration"')
const RECORD = sql('insert into "kysely_migration" ("name", "timestamp") values (?, ?)')

/**
 * Brings the schema up to date in one transaction holding the migration lock (PostgreSQL: an advisory lock
 * per schema; SQLite: BEGIN IMMEDIATE), so instances starting at once on one database take turns and the
 * later ones find nothing left to do. Returns the names it applied.
 */
export async function migrateToLatest(database: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  return database.migrating(async (tx) => {
    await tx.exec(CREATE_LEDGER)
    const done = new Set((await tx.all<{ name: string }>(APPLIED)).map((row) => row.name))
    const applied: string[] = []
    for (const migration of migrations) {
      if (done.has(migration.name)) continue
      for (const statement of migration.statements) await tx.exec(statement)
      await tx.run(RECORD, [migration.name, new Date().toISOString()])
      applied.push(migration.name)
    }
    return applied
  })
}
