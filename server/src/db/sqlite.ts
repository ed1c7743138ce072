import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { type Database, SQLITE_FILE_NAME } from './database'
import type { Queries, Statement } from './statement'

/**
 * better-sqlite3 on one connection. Statements run synchronously; a transaction's body is async, so while one
 * is open every other statement and transaction waits its turn (they would otherwise land inside it).
 */
export function openSqlite(dataDir: string, busyTimeoutMs: number): Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = join(dataDir, SQLITE_FILE_NAME)
  ownerOnly(file)
  const connection = new SqliteDatabase(file)
  // busy_timeout first: switching to WAL needs a lock that a second instance starting at once may hold.
  connection.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
  switchToWal(connection, busyTimeoutMs)
  connection.pragma('synchronous = NORMAL')
  connection.pragma('foreign_keys = ON')
  // Deleted content is overwritten with zeros where that costs no extra I/O (b-tree pages written anyway), and
  // everywhere in a transaction that erases an account (see transaction's `erasing`).
  connection.pragma('secure_delete = FAST')
  // Checkpoint the WAL every ~40 MB instead of every ~4 MB: a hot page is copied into the database once per
  // checkpoint, not once per few hundred logins (a third less CPU per login in a loop of login transactions);
  // the WAL file is cut back to 64 MB after each checkpoint.
  connection.pragma('wal_autocheckpoint = 10000')
  connection.pragma(`journal_size_limit = ${64 * 1024 * 1024}`)
  // SQLite gives the -wal and -shm files the database file's mode when it creates them; ones left by an older
  // version keep theirs, so set it.
  for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600)

  const prepared = new Map<Statement, SqliteDatabase.Statement>()
  function prepare(statement: Statement): SqliteDatabase.Statement {
    let stmt = prepared.get(statement)
    if (stmt === undefined) {
      stmt = connection.prepare(statement.text)
      prepared.set(statement, stmt)
    }
    return stmt
  }
  const direct: Queries = {
    all: (statement, params = []) => attempt(() => prepare(statement).all(...params) as never[]),
    get: (statement, params = []) => attempt(() => prepare(statement).get(...params) as never),
    run: (statement, params = []) => attempt(() => prepare(statement).run(...params).changes),
  }

  // The transaction in progress, if any: statements outside it wait for it to end.
  let turn: Promise<unknown> | undefined
  async function serialized<T>(fn: () => Promise<T>): Promise<T> {
    while (turn) await turn.catch(() => undefined)
    const mine = fn()
    turn = mine
    try {
      return await mine
    } finally {
      if (turn === mine) turn = undefined
    }
  }
  const outside: Queries = {
    all: (s, p) => (turn ? serialized(() => direct.all(s, p)) : direct.all(s, p)),
    get: (s, p) => (turn ? serialized(() => direct.get(s, p)) : direct.get(s, p)),
    run: (s, p) => (turn ? serialized(() => direct.run(s, p)) : direct.run(s, p)),
  }

  // Prepared once, like every other statement (exec would parse them on every transaction).
  const control = {
    begin: connection.prepare('begin'),
    beginImmediate: connection.prepare('begin immediate'),
    commit: connection.prepare('commit'),
    rollback: connection.prepare('rollback'),
  }
  const tx = { ...direct, exec: async (text: string) => void connection.exec(text) }

  async function inTransaction<T>(begin: SqliteDatabase.Statement, fn: (tx: Queries & { exec(sql: string): Promise<void> }) => Promise<T>, erasing = false): Promise<T> {
    return serialized(async () => {
      if (erasing) connection.pragma('secure_delete = ON')
      begin.run()
      try {
        const result = await fn(tx)
        control.commit.run()
        return result
      } catch (err) {
        if (connection.inTransaction) control.rollback.run()
        throw err
      } finally {
        if (erasing) connection.pragma('secure_delete = FAST')
      }
    })
  }

  return {
    dialect: 'sqlite',
    ...outside,
    transaction: (fn, options) => inTransaction(control.begin, fn, options?.erasing === true),
    // BEGIN IMMEDIATE takes the write lock at once: a second instance migrating at the same moment waits
    // (busy_timeout), then finds nothing left to do.
    migrating: (fn) => inTransaction(control.beginImmediate, fn),
    // Taking the write lock (and giving it back) proves what a login needs: that a write could go through now.
    ping: () => serialized(async () => {
      control.beginImmediate.run()
      control.rollback.run()
    }),
    // The WAL still holds the pages as they were before a delete: copy it into the database and cut it to 0.
    scrub: () => serialized(async () => {
      const [result] = connection.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
      if (result && result.busy !== 0) throw new Error('wal_checkpoint(TRUNCATE) could not finish: another connection is reading')
    }),
    close: async () => {
      while (turn) await turn.catch(() => undefined)
      if (connection.open) connection.close()
    },
  }
}

/** A synchronous call as a promise, so a failure is a rejection like PostgreSQL's, never a throw. */
function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn())
  } catch (err) {
    return Promise.reject(err)
  }
}


/**
 * journal_mode=WAL needs a moment of exclusive access, and SQLite answers SQLITE_BUSY at once, without its busy
 * handler, when another connection holds the file just then (a second instance starting on the same new
 * database: seen in the two-instances test about one run in ten). Retried until busy_timeout runs out; it is
 * start-up, so a blocking wait is fine.
 */
function switchToWal(connection: SqliteDatabase.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      connection.pragma('journal_mode = WAL')
      return
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait)
    }
  }
}

/**
 * The database file readable by its owner only (accounts, numbers, sessions): created 0600 before SQLite opens
 * it (so its -wal and -shm get that mode too), and set to 0600 if an older version made it world-readable.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600))
  chmodSync(file, 0o600)
}
