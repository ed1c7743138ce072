import type { Database } from '../db/database'
import { sql } from '../db/statement'
import type { PlatformName } from '../platforms/platform'
import type { ExchangeMode, ExchangeOutcome } from './phone-ledger'

export type ExchangeCounts = Record<ExchangeMode, Record<ExchangeOutcome, number>>

/** What one app cost on one day (or over the window). */
export interface AppCost {
  platform: PlatformName
  exchanges: ExchangeCounts
  costFen: number
  /** Accounts created by a login on this app. */
  newAccounts: number
}

/** One day in China time (UTC+8), as `pnpm report --json` prints it. */
export interface CostDay {
  date: string
  exchanges: ExchangeCounts
  costFen: number
  newAccounts: number
  /** By appid: only apps with an exchange or a new account that day. */
  apps: Record<string, AppCost>
}

/** The window's sum, as the table's total line shows it. */
export type CostTotals = Omit<CostDay, 'date'>

const CHINA_OFFSET_MS = 8 * 3600_000
// Grouped by UTC hour in SQL (the same substr on both databases), then by China day here: at most 24 rows a
// day and app leave the database, however many logins there were.
const EXCHANGES_BY_HOUR = sql(`select substr("at", 1, 13) as "hour", "platform", "app", "mode", "outcome", count(*) as "n", sum("price_fen") as "fen"
  from "phone_exchanges" where "at" >= ? group by substr("at", 1, 13), "platform", "app", "mode", "outcome"`)
const ACCOUNTS_BY_HOUR = sql(`select substr("created_at", 1, 13) as "hour", "created_platform" as "platform", "created_app" as "app", count(*) as "n"
  from "users" where "created_at" >= ? group by substr("created_at", 1, 13), "created_platform", "created_app"`)

const zeroCounts = (): ExchangeCounts => ({ quick: { ok: 0, rejected: 0, failed: 0 }, realtime: { ok: 0, rejected: 0, failed: 0 } })

/** The China-time date of a UTC instant. */
export function chinaDate(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}

/**
 * The last `days` days in China time, newest first, today included, each present even when nothing happened.
 * New accounts are the accounts created that day that still exist (a deleted account leaves no trace but its
 * exchanges), counted for the app of the login that created them.
 */
export async function costReport(database: Database, now: number, days: number): Promise<CostDay[]> {
  const today = Date.parse(`${chinaDate(now)}T00:00:00Z`) - CHINA_OFFSET_MS
  const since = today - (days - 1) * 86_400_000
  const out = new Map<string, CostDay>()
  for (let i = 0; i < days; i += 1) {
    const date = chinaDate(today - i * 86_400_000)
    out.set(date, { date, exchanges: zeroCounts(), costFen: 0, newAccounts: 0, apps: {} })
  }
  const dayOf = (hour: string) => out.get(chinaDate(Date.parse(`${hour}:00:00.000Z`)))
  const appOf = (day: CostDay, platform: PlatformName, app: string) =>
    (day.apps[app] ??= { platform, exchanges: zeroCounts(), costFen: 0, newAccounts: 0 })
  const sinceIso = new Date(since).toISOString()
  type ExchangeRow = { hour: string; platform: PlatformName; app: string; mode: string; outcome: string; n: number | string; fen: number | string }
  for (const row of await database.all<ExchangeRow>(EXCHANGES_BY_HOUR, [sinceIso])) {
    const day = dayOf(row.hour)
    const counts = day?.exchanges[row.mode as ExchangeMode]
    if (!day || !counts || !(row.outcome in counts)) continue
    const app = appOf(day, row.platform, row.app)
    counts[row.outcome as ExchangeOutcome] += Number(row.n)
    app.exchanges[row.mode as ExchangeMode][row.outcome as ExchangeOutcome] += Number(row.n)
    day.costFen += Number(row.fen)
    app.costFen += Number(row.fen)
  }
  for (const row of await database.all<{ hour: string; platform: PlatformName; app: string; n: number | string }>(ACCOUNTS_BY_HOUR, [sinceIso])) {
    const day = dayOf(row.hour)
    if (!day) continue
    day.newAccounts += Number(row.n)
    appOf(day, row.platform, row.app).newAccounts += Number(row.n)
  }
  return [...out.values()]
}

/** The window's totals, overall and per app. */
export function costTotals(days: readonly CostDay[]): CostTotals {
  const total: CostTotals = { exchanges: zeroCounts(), costFen: 0, newAccounts: 0, apps: {} }
  const add = (into: Omit<AppCost, 'platform'>, from: Omit<AppCost, 'platform'>) => {
    for (const mode of ['quick', 'realtime'] as const) {
      for (const outcome of ['ok', 'rejected', 'failed'] as const) into.exchanges[mode][outcome] += from.exchanges[mode][outcome]
    }
    into.costFen += from.costFen
    into.newAccounts += from.newAccounts
  }
  for (const day of days) {
    add(total, day)
    for (const [appid, app] of Object.entries(day.apps)) {
      add(total.apps[appid] ??= { platform: app.platform, exchanges: zeroCounts(), costFen: 0, newAccounts: 0 }, app)
    }
  }
  return total
}
