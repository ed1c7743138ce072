/**
 * Database errors that mean "the database cannot serve right now" (→ 503 SERVICE_UNAVAILABLE), as opposed
 * to a bug in a query (→ 500). Walks `cause`, since our code may wrap the driver's error.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return someInChain(err, (e) => {
    const code = typeof e.code === 'string' ? e.code : ''
    if (e.name === 'SqliteError') return SQLITE_UNAVAILABLE.test(code)
    // A closed connection (better-sqlite3), or a statement that got no answer in time (node-postgres).
    if (e.message === 'The database connection is not open' || e.message === 'Query read timeout') return true
    if (NETWORK_CODES.has(code)) return true
    // PostgreSQL SQLSTATE: 08 connection, 53 resources, 57P admin shutdown / cannot connect now, 40001/40P01
    // retryable, 55P03 lock_timeout (another session held what we needed), 57014 statement_timeout.
    if (/^(08|53|57P)/.test(code) || ['40001', '40P01', '55P03', '57014'].includes(code)) return true
    // node-postgres's own errors carry no code.
    return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|pool (is|has been) (closed|ended)|Cannot use a pool after calling end/i.test(e.message)
  })
}

/** A unique constraint refused a row (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  return someInChain(err, (e) => e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505')
}

const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|CORRUPT|NOTADB|PROTOCOL|NOMEM|INTERRUPT)/
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'])

function someInChain(err: unknown, test: (e: { name: string; message: string; code?: unknown }) => boolean): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (test(e as Error & { code?: unknown })) return true
  }
  return false
}
