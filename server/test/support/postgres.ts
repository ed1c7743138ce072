import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The real PostgreSQL the suites run against (CI sets it); unset → the PostgreSQL runs are skipped, and say so. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined

export function announceSkipWithoutPostgres(suite: string): void {
  if (!TEST_DATABASE_URL) console.log(`[skip] ${suite}: TEST_DATABASE_URL is not set, so there is no PostgreSQL to test against`)
}

export interface TestSchema {
  name: string
  /** TEST_DATABASE_URL with this schema as the search path (and as application_name, to find its connections). */
  url: string
  /** Runs one statement on a connection of its own (not through the BFF's pool). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>
  /** Drops the schema and everything in it. */
  drop(): Promise<void>
}

/**
 * A schema of its own for one test file or BFF, so test runs (and files within a run) never see each other's
 * rows. The BFF reaches it through `search_path` in the connection string; nothing in the BFF knows.
 */
export async function createTestSchema(baseUrl = TEST_DATABASE_URL): Promise<TestSchema> {
  if (!baseUrl) throw new Error('createTestSchema needs TEST_DATABASE_URL')
  const name = `wxpl_test_${process.pid}_${randomBytes(4).toString('hex')}`
  const query = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> => {
    const client = new pg.Client({ connectionString: withSchema(baseUrl, name) })
    await client.connect()
    try {
      return (await client.query<R>(text, values)).rows
    } finally {
      await client.end()
    }
  }
  await query(`create schema "${name}"`)
  return {
    name,
    url: withSchema(baseUrl, name),
    query,
    drop: async () => {
      await query(`drop schema if exists "${name}" cascade`)
    },
  }
}

/** `url` with `search_path` (and application_name) set to `schema`; host and port replaceable for a proxy. */
export function withSchema(url: string, schema: string, via?: { host: string; port: number }): string {
  const parsed = new URL(url)
  parsed.searchParams.set('options', `-c search_path=${schema}`)
  parsed.searchParams.set('application_name', schema)
  if (via) {
    parsed.hostname = via.host
    parsed.port = String(via.port)
  }
  return parsed.toString()
}
