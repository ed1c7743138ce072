/**
 * One SQL statement of ours, written once for both databases with `?` placeholders. Each adapter prepares it
 * once (SQLite: a cached better-sqlite3 statement; PostgreSQL: a named prepared statement per connection), so
 * a request never builds or parses SQL.
 */
export interface Statement {
  /** The SQL with `?` placeholders (none of our statements has a `?` inside a string literal). */
  readonly text: string
  /** The same SQL with `$1, $2, …` placeholders, for PostgreSQL. */
  readonly numbered: string
  /** A name unique in this process, for PostgreSQL's prepared statements. */
  readonly name: string
}

let count = 0

export function sql(text: string): Statement {
  let n = 0
  count += 1
  return { text, numbered: text.replace(/\?/g, () => `$${++n}`), name: `wxpl_${count}` }
}

export type Params = readonly (string | number | null)[]

/** What a statement can be run on: the database itself, or a transaction. */
export interface Queries {
  all<R>(statement: Statement, params?: Params): Promise<R[]>
  get<R>(statement: Statement, params?: Params): Promise<R | undefined>
  /** For statements that return no rows; resolves to the number of rows changed. */
  run(statement: Statement, params?: Params): Promise<number>
}
