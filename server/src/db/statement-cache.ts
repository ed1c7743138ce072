import type SqliteDatabase from 'better-sqlite3'
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely'

/** Our queries are a fixed set of SQL strings; the bound only guards against a caller that builds unbounded ones. */
const MAX_STATEMENTS = 256

/**
 * The better-sqlite3 connection as Kysely's SqliteDialect sees it, with each SQL string prepared once. Kysely
 * prepares every query it runs; SQLite's prepare (parse and plan) was the largest single cost of a request
 * (14 % of GET /api/me's CPU in `pnpm bench --profile`). A prepared statement is reusable for `all` and `run`;
 * `iterate` (streaming) holds its statement until the iterator ends, so it gets a fresh one.
 */
export function withStatementCache(connection: SqliteDatabase.Database): KyselySqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  return {
    close: () => connection.close(),
    prepare(sql) {
      let statement = cache.get(sql)
      if (statement === undefined) {
        const prepared = connection.prepare(sql)
        statement = {
          reader: prepared.reader,
          all: (parameters) => prepared.all(parameters),
          run: (parameters) => prepared.run(parameters),
          iterate: (parameters) => connection.prepare(sql).iterate(parameters),
        }
        if (cache.size >= MAX_STATEMENTS) cache.clear()
        cache.set(sql, statement)
      }
      return statement
    },
  }
}
