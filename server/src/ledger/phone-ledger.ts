import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { type Queries, sql } from '../db/statement'
import { isApiError } from '../api-error'
import type { Logger } from '../logger'

export type ExchangeMode = 'quick' | 'realtime'
/** ok: WeChat gave the number (billed); rejected: WeChat refused the code; failed: no usable answer. */
export type ExchangeOutcome = 'ok' | 'rejected' | 'failed'
export type ExchangePurpose = 'login' | 'change_phone' | 'delete_account'

export interface Exchange {
  mode: ExchangeMode
  outcome: ExchangeOutcome
  purpose: ExchangePurpose
}

export interface Prices {
  /** PHONE_PRICE_FEN: quick verification (getPhoneNumber), per successful exchange. */
  quickFen: number
  /** PHONE_REALTIME_PRICE_FEN: real-time verification (getRealtimePhoneNumber). */
  realtimeFen: number
}

const RECORD = sql(`insert into "phone_exchanges" ("at", "mode", "outcome", "price_fen", "purpose") values (?, ?, ?, ?, ?)`)
const MODES: ExchangeMode[] = ['quick', 'realtime']
const OUTCOMES: ExchangeOutcome[] = ['ok', 'rejected', 'failed']

export type PhoneLedger = ReturnType<typeof createPhoneLedger>

/**
 * What login costs: every getuserphonenumber exchange, in the database (so all instances add up) and in this
 * process's counters for /metrics. The row is written with the caller's own writes where there are some (the
 * login's transaction), alone otherwise. WeChat's bill is the truth; see docs/production.md.
 */
export function createPhoneLedger(opts: { database: Database; clock: Clock; prices: Prices; logger: Logger }) {
  const counts = new Map<string, number>()
  const costFen = { quick: 0, realtime: 0 }

  const priceOf = (exchange: Exchange) =>
    exchange.outcome !== 'ok' ? 0 : exchange.mode === 'realtime' ? opts.prices.realtimeFen : opts.prices.quickFen

  /** Counted when the exchange happens, whether or not its row can be written. */
  function count(exchange: Exchange): void {
    const key = `${exchange.mode}:${exchange.outcome}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
    costFen[exchange.mode] += priceOf(exchange)
  }

  async function write(q: Queries, exchange: Exchange): Promise<void> {
    await q.run(RECORD, [new Date(opts.clock.now()).toISOString(), exchange.mode, exchange.outcome, priceOf(exchange), exchange.purpose])
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
    /** A failed exchange's outcome: WeChat refused the code, or gave no usable answer. */
    outcomeOf(err: unknown): ExchangeOutcome {
      return isApiError(err) && err.code === 'PHONE_CODE_INVALID' ? 'rejected' : 'failed'
    },
    /** Prometheus text: the two counters of the contract. */
    metrics(): string[] {
      const lines = [
        '# HELP phone_number_exchanges_total getuserphonenumber exchanges made by this process, by mode and outcome.',
        '# TYPE phone_number_exchanges_total counter',
      ]
      for (const mode of MODES) {
        for (const outcome of OUTCOMES) lines.push(`phone_number_exchanges_total{mode="${mode}",outcome="${outcome}"} ${counts.get(`${mode}:${outcome}`) ?? 0}`)
      }
      lines.push('# HELP phone_number_cost_fen_total What those exchanges cost at the configured prices, in fen.', '# TYPE phone_number_cost_fen_total counter')
      for (const mode of MODES) lines.push(`phone_number_cost_fen_total{mode="${mode}"} ${costFen[mode]}`)
      return lines
    },
  }
}
