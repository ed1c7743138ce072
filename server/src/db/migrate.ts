import { type Kysely, Migrator, sql } from 'kysely'
import type { Database } from './database'
import type { Schema } from './schema'
import { migrationProvider } from './migrations'

/**
 * Brings the schema up to date; safe when several instances start at once on one database.
 * PostgreSQL: Kysely's Migrator holds an advisory lock and runs each migration in a transaction. Its
 * bookkeeping tables go in the connection's current schema (the first of search_path), named explicitly:
 * unnamed, Kysely looks for them in every schema and would skip creating its own when another schema of
 * the same database already has them.
 * SQLite: Kysely takes no lock there, so the whole run (bookkeeping tables included) happens inside one
 * BEGIN IMMEDIATE transaction: a second instance waits (busy_timeout) and then finds nothing left to do.
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  if (database.dialect === 'postgres') return run(database.db, await currentSchema(database.db))
  return database.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn)
    try {
      const applied = await run(conn)
      await sql`commit`.execute(conn)
      return applied
    } catch (err) {
      await sql`rollback`.execute(conn)
      throw err
    }
  })
}

async function run(db: Kysely<Schema>, migrationTableSchema?: string): Promise<string[]> {
  const { error, results = [] } = await new Migrator({ db, provider: migrationProvider, migrationTableSchema }).migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`)
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

async function currentSchema(db: Kysely<Schema>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db)
  const schema = rows[0]?.schema
  if (!schema) throw new Error('PostgreSQL: no schema of search_path exists in this database; create it, or fix search_path in DATABASE_URL')
  return schema
}
