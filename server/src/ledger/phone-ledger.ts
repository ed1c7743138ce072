import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { type Queries, sql } from '../db/statement'
import { isApiError } from '../api-error'
import type { Logger } from '../logger'
import type { AppPrices } from '../platforms/app-config'
import type { PlatformName } from '../platforms/platform'

export type ExchangeMode = 'quick' | 'realtime'
/** ok: the platform gave the number (billed); rejected: it refused the proof; failed: no usable answer. */
export type ExchangeOutcome = 'ok' | 'rejected' | 'failed'
export type ExchangePurpose = 'login' | 'change_phone' | 'delete_account'

export interface Exchange {
  platform: PlatformName
  /** The appid. */
  app: string
  mode: ExchangeMode
  outcome: ExchangeOutcome
  purpose: ExchangePurpose
}

/** An app whose exchanges the ledger counts, with its prices (APPS_FILE's, or PHONE_PRICE_FEN's for WeChat). */
export interface PricedApp {
  platform: PlatformName
  appid: string
  prices: AppPrices
}

const RECORD = sql(`insert into "phone_exchanges" ("at", "platform", "app", "mode", "outcome", "price_fen", "purpose") values (?, ?, ?, ?, ?, ?, ?)`)
const OUTCOMES: ExchangeOutcome[] = ['ok', 'rejected', 'failed']

/** Real-time verification is WeChat's alone; other platforms' exchanges are all `quick`. */
export function modesOf(platform: PlatformName): ExchangeMode[] {
  return platform === 'weixin' ? ['quick', 'realtime'] : ['quick']
}

export type PhoneLedger = ReturnType<typeof createPhoneLedger>

/**
 * What login costs: every getuserphonenumber exchange, in the database (so all instances add up) and in this
 * process's counters for /metrics. The row is written with the caller's own writes where there are some (the
 * login's transaction), alone otherwise. WeChat's bill is the truth; see docs/production.md.
 */
export function createPhoneLedger(opts: { database: Database; clock: Clock; apps: readonly PricedApp[]; logger: Logger }) {
  const counts = new Map<string, number>()
  const costFen = new Map<string, number>()
  const pricesOf = new Map(opts.apps.map((app) => [app.appid, app.prices]))

  const priceOf = (exchange: Exchange) => {
    const prices = pricesOf.get(exchange.app)
    if (!prices || exchange.outcome !== 'ok') return 0
    return exchange.mode === 'realtime' ? prices.realtimeFen : prices.quickFen
  }

  /** Counted when the exchange happens, whether or not its row can be written. */
  function count(exchange: Exchange): void {
    const key = `${exchange.app}:${exchange.mode}:${exchange.outcome}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
    const costKey = `${exchange.app}:${exchange.mode}`
    costFen.set(costKey, (costFen.get(costKey) ?? 0) + priceOf(exchange))
  }

  async function write(q: Queries, exchange: Exchange): Promise<void> {
    await q.run(RECORD, [new Date(opts.clock.now()).toISOString(), exchange.platform, exchange.app, exchange.mode, exchange.outcome, priceOf(exchange), exchange.purpose])
  }

  return {
    count,
    /** The row, with `q` (a transaction that also holds the work the exchange was for). */
    write,
    /** The row on its own, for an exchange whose work will not be written (it failed, or was refused). */
    async writeAlone(exchange: Exchange, reqId: string): Promise<void> {
      await write(opts.database, exchange).catch((err: unknown) => {
        opts.logger.warn({ reqId, err, exchange }, 'phone exchange not recorded: the database did not take it')
      })
    },
    /** A failed exchange's outcome: the platform refused the proof, or gave no usable answer. */
    outcomeOf(err: unknown): ExchangeOutcome {
      return isApiError(err) && err.code === 'PHONE_CODE_INVALID' ? 'rejected' : 'failed'
    },
    /** Prometheus text: the two counters of the contract, for every configured app (zeros included). */
    metrics(): string[] {
      const lines = [
        '# HELP phone_number_exchanges_total Phone-number exchanges made by this process, by platform, app, mode and outcome.',
        '# TYPE phone_number_exchanges_total counter',
      ]
      for (const { platform, appid } of opts.apps) {
        for (const mode of modesOf(platform)) {
          for (const outcome of OUTCOMES) {
            lines.push(`phone_number_exchanges_total{platform="${platform}",app="${appid}",mode="${mode}",outcome="${outcome}"} ${counts.get(`${appid}:${mode}:${outcome}`) ?? 0}`)
          }
        }
      }
      lines.push('# HELP phone_number_cost_fen_total What those exchanges cost at the configured prices, in fen.', '# TYPE phone_number_cost_fen_total counter')
      for (const { platform, appid } of opts.apps) {
        for (const mode of modesOf(platform)) {
          lines.push(`phone_number_cost_fen_total{platform="${platform}",app="${appid}",mode="${mode}"} ${costFen.get(`${appid}:${mode}`) ?? 0}`)
        }
      }
      return lines
    },
  }
}
