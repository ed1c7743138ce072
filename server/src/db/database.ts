import type { Queries } from './statement'

export interface Database extends Queries {
  dialect: 'sqlite' | 'postgres'
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. SQLite: one at a
   * time on the one connection (other statements wait for it); PostgreSQL: on one pooled connection.
   */
  transaction<T>(fn: (tx: Queries) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** Migrations only: runs `fn` on one connection, holding the migration lock, in one transaction. */
  migrating<T>(fn: (tx: Queries & { exec(sql: string): Promise<void> }) => Promise<T>): Promise<T>
  /**
   * After deleting personal data: make sure no copy lingers in the database's own files (SQLite: checkpoint
   * and truncate the WAL; freed pages are zeroed by secure_delete). PostgreSQL: nothing to do here; see
   * docs/production.md for VACUUM and backups.
   */
  scrub(): Promise<void>
  /** Resolves when the database can take a write now; throws (a database error) otherwise. */
  ping(): Promise<void>
  close(): Promise<void>
}

export interface TransactionOptions {
  /**
   * The transaction deletes personal data (an account): SQLite overwrites everything it frees with zeros
   * (secure_delete on), not only what fits in pages it writes anyway (its usual "fast" mode).
   */
  erasing?: boolean
}

export interface DatabaseOptions {
  /** postgres://... ; unset: SQLite in dataDir. */
  databaseUrl?: string
  dataDir: string
  /**
   * How long a statement waits for a lock another connection holds before failing (→ 503): SQLite's
   * busy_timeout (better-sqlite3 waits synchronously, so this bounds how long one request can stall the event
   * loop), PostgreSQL's lock_timeout (55P03).
   */
  busyTimeoutMs?: number
  /**
   * PostgreSQL: how long one statement may take, answer included, before the request fails with 503 and the
   * connection is dropped; a database that goes silent without closing the socket ends here rather than when
   * TCP gives up.
   */
  queryTimeoutMs?: number
}

export const SQLITE_FILE_NAME = 'wx-phone-login.sqlite'
export const DEFAULT_QUERY_TIMEOUT_MS = 3000
