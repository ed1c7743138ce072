import type { Database } from '../db/database'
import { sql } from '../db/statement'
import type { ExchangeMode, ExchangeOutcome } from './phone-ledger'

/** One day in China time (UTC+8), as `pnpm report --json` prints it. */
export interface CostDay {
  date: string
  exchanges: Record<ExchangeMode, Record<ExchangeOutcome, number>>
  costFen: number
  newAccounts: number
}

const CHINA_OFFSET_MS = 8 * 3600_000
// Grouped by UTC hour in SQL (the same substr on both databases), then by China day here: at most 24 rows a
// day leave the database, however many logins there were.
const EXCHANGES_BY_HOUR = sql(`select substr("at", 1, 13) as "hour", "mode", "outcome", count(*) as "n", sum("price_fen") as "fen"
  from "phone_exchanges" where "at" >= ? group by substr("at", 1, 13), "mode", "outcome"`)
const ACCOUNTS_BY_HOUR = sql(`select substr("created_at", 1, 13) as "hour", count(*) as "n"
  from "users" where "created_at" >= ? group by substr("created_at", 1, 13)`)

/** The China-time date of a UTC instant. */
export function chinaDate(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/**
 * The last `days` days in China time, newest first, today included, each present even when nothing happened.
 * New accounts are the accounts created that day that still exist (a deleted account leaves no trace but its
 * exchanges).
 */
export async function costReport(database: Database, now: number, days: number): Promise<CostDay[]> {
  const today = Date.parse(`${chinaDate(now)}T00:00:00Z`) - CHINA_OFFSET_MS
  const since = today - (days - 1) * 86_400_000
  const out = new Map<string, CostDay>()
  for (let i = 0; i < days; i += 1) {
    const date = chinaDate(today - i * 86_400_000)
    out.set(date, {
      date,
      exchanges: { quick: { ok: 0, rejected: 0, failed: 0 }, realtime: { ok: 0, rejected: 0, failed: 0 } },
      costFen: 0,
      newAccounts: 0,
    })
  }
  const dayOf = (hour: string) => out.get(chinaDate(Date.parse(`${hour}:00:00.000Z`)))
  const sinceIso = new Date(since).toISOString()
  for (const row of await database.all<{ hour: string; mode: string; outcome: string; n: number | string; fen: number | string }>(EXCHANGES_BY_HOUR, [sinceIso])) {
    const day = dayOf(row.hour)
    const counts = day?.exchanges[row.mode as ExchangeMode]
    if (!day || !counts || !(row.outcome in counts)) continue
    counts[row.outcome as ExchangeOutcome] += Number(row.n)
    day.costFen += Number(row.fen)
  }
  for (const row of await database.all<{ hour: string; n: number | string }>(ACCOUNTS_BY_HOUR, [sinceIso])) {
    const day = dayOf(row.hour)
    if (day) day.newAccounts += Number(row.n)
  }
  return [...out.values()]
}
