import pg from 'pg'
import type { Database } from './database'
import { isDatabaseUnavailable } from './database-errors'
import type { Params, Queries, Statement } from './statement'

export interface PostgresOptions {
  lockTimeoutMs: number
  queryTimeoutMs: number
}

/** Any constant will do: the lock is per database, and the key names the schema being migrated. */
const MIGRATION_LOCK_CLASS = 0x77787031

/**
 * node-postgres with a pool. Every statement is a named prepared statement, parsed once per connection. A
 * statement that gets no answer within queryTimeoutMs fails (→ 503) and its connection is thrown away, so a
 * database that goes silent without closing the socket costs a few seconds, not TCP's minutes.
 */
export function openPostgres(url: string, options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A new connection that gets no answer fails as a silent statement does.
    connectionTimeoutMillis: Math.trunc(options.queryTimeoutMs),
    // A table or row held by another session (a stuck transaction, a manual migration) fails the request with
    // 503 after this long, as SQLite's busy_timeout does, instead of leaving it waiting for ever.
    lock_timeout: Math.trunc(options.lockTimeoutMs),
    // The client-side limit (no answer at all) and the server's own (a slow plan), both per statement.
    query_timeout: Math.trunc(options.queryTimeoutMs),
    statement_timeout: Math.trunc(options.queryTimeoutMs),
    // Notice a peer that vanished without closing the connection (a failed-over host, a dropped NAT entry).
    keepAlive: true,
  })
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {})
  // Nor a checked-out one (PostgreSQL restarted mid-query): node-postgres emits 'error' on it with no listener
  // attached while it is lent out. Its query fails on its own (→ 503), and it is dropped on release.
  pool.on('connect', (client) => {
    client.on('error', () => {})
  })

  const on = (target: pg.Pool | pg.PoolClient): Queries => ({
    all: async (statement, params) => (await query(target, statement, params)).rows as never[],
    get: async (statement, params) => (await query(target, statement, params)).rows[0] as never,
    run: async (statement, params) => (await query(target, statement, params)).rowCount ?? 0,
  })

  async function inTransaction<T>(fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    let broken: unknown
    try {
      await client.query('begin')
      const result = await fn(client)
      await client.query('commit')
      return result
    } catch (err) {
      // A connection that timed out or broke cannot roll back (nor be reused): dropping it ends the
      // transaction on the server. Otherwise roll back, and drop it if even that fails.
      if (isDatabaseUnavailable(err)) broken = err
      else await client.query('rollback').catch((rollbackErr: unknown) => { broken = rollbackErr })
      throw err
    } finally {
      client.release(broken === undefined ? undefined : (broken instanceof Error ? broken : true))
    }
  }

  return {
    dialect: 'postgres',
    ...on(pool),
    transaction: (fn) => inTransaction((client) => fn(on(client))),
    migrating: (fn) => inTransaction(async (client) => {
      const { rows } = await client.query<{ schema: string | null }>('select current_schema() as schema')
      if (!rows[0]?.schema) {
        throw new Error('PostgreSQL: no schema of search_path exists in this database; create it, or fix search_path in DATABASE_URL')
      }
      // Held until commit: instances starting at once migrate one after another, per schema.
      await client.query('select pg_advisory_xact_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK_CLASS])
      return fn({ ...on(client), exec: async (text) => void (await client.query(text)) })
    }),
    ping: async () => {
      await pool.query('select 1')
    },
    scrub: async () => {},
    close: () => pool.end(),
  }
}

function query(target: pg.Pool | pg.PoolClient, statement: Statement, params: Params = []): Promise<pg.QueryResult> {
  return target.query({ name: statement.name, text: statement.numbered, values: params as unknown[] })
}
