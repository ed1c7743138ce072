import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { Schema } from './schema'
import { withStatementCache } from './statement-cache'

export interface Database {
  db: Kysely<Schema>
  dialect: 'sqlite' | 'postgres'
  /** Resolves when the database can take a write now; throws (a database error) otherwise. */
  ping(): Promise<void>
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** postgres://... ; unset: SQLite in dataDir. */
  databaseUrl?: string
  dataDir: string
  /**
   * How long a statement waits for a lock another connection holds before failing (→ 503): SQLite's
   * busy_timeout (SQLITE_BUSY; better-sqlite3 waits synchronously, so this bounds how long one request can
   * stall the event loop), PostgreSQL's lock_timeout (55P03).
   */
  busyTimeoutMs?: number
}

export const SQLITE_FILE_NAME = 'wx-phone-login.sqlite'

/** The embedded database by default; PostgreSQL when a URL is given. The queries are the same for both. */
export function openDatabase(options: DatabaseOptions): Database {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.busyTimeoutMs ?? 5000)
  return openSqlite(options.dataDir, options.busyTimeoutMs ?? 5000)
}

function openSqlite(dataDir: string, busyTimeoutMs: number): Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const connection = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME))
  // busy_timeout first: switching to WAL needs a lock that a second instance starting at once may hold.
  connection.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
  connection.pragma('journal_mode = WAL')
  connection.pragma('synchronous = NORMAL')
  connection.pragma('foreign_keys = ON')
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) })
  return {
    db,
    dialect: 'sqlite',
    // Taking the write lock (and giving it back) proves what a login needs: that a write could go through now.
    ping: () => db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn)
      await sql`rollback`.execute(conn)
    }),
    close: () => db.destroy(),
  }
}

function openPostgres(url: string, lockTimeoutMs: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    // A table or row held by another session (a stuck transaction, a manual migration) fails the request with
    // 503 after this long, as SQLite's busy_timeout does, instead of leaving it waiting for ever.
    lock_timeout: Math.trunc(lockTimeoutMs),
    // Notice a peer that vanished without closing the connection (a failed-over host, a dropped NAT entry).
    keepAlive: true,
  })
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {})
  // Nor a checked-out one (PostgreSQL restarted mid-query): node-postgres emits 'error' on it with no listener
  // attached while it is lent out. Its query fails on its own (→ 503), and the pool drops it on release.
  pool.on('connect', (client) => {
    client.on('error', () => {})
  })
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    dialect: 'postgres',
    ping: async () => {
      await sql`select 1`.execute(db)
    },
    close: () => db.destroy(),
  }
}
