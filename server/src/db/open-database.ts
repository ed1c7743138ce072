import { DEFAULT_QUERY_TIMEOUT_MS, type Database, type DatabaseOptions } from './database'

/**
 * The embedded database by default; PostgreSQL when a URL is given. The statements are the same for both.
 * Each driver is loaded only when used, so the other costs nothing at start-up.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres')
    return openPostgres(options.databaseUrl, { lockTimeoutMs: busyTimeoutMs, queryTimeoutMs: options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS })
  }
  const { openSqlite } = await import('./sqlite')
  return openSqlite(options.dataDir, busyTimeoutMs)
}
