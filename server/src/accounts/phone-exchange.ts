import type { Database, TransactionOptions } from '../db/database'
import type { Queries } from '../db/statement'
import { isApiError } from '../api-error'
import type { Exchange, ExchangePurpose, PhoneLedger } from '../ledger/phone-ledger'
import type { ConfiguredApp } from '../platforms/apps'
import type { PhoneInfo, PhoneProof } from '../platforms/platform'

/** What a request carries for logging (its id) and for upstream calls (its deadline). */
export interface RequestContext {
  reqId: string
  /** When the request must have answered (ms since the epoch, by the injected clock). */
  deadline?: number
}

export type PhoneExchange = ReturnType<typeof createPhoneExchange>

/**
 * The paid exchange (a phone proof → a number) and its ledger row, in one place: every exchange is counted and
 * recorded, whatever happens after it.
 */
export function createPhoneExchange(opts: { database: Database; ledger: PhoneLedger }) {
  const { database, ledger } = opts

  return {
    /** The exchange, counted; a failed one is recorded at once (there will be no writes to join). */
    async exchange(ctx: RequestContext, app: ConfiguredApp, proof: PhoneProof, purpose: ExchangePurpose): Promise<{ phone: PhoneInfo; exchange: Exchange }> {
      const mode = proof.kind === 'code' && proof.realtime === true ? 'realtime' : 'quick'
      const base = { platform: app.platform, app: app.appid, mode, purpose } as const
      try {
        const phone = await app.client.phoneNumber(proof, ctx)
        const exchange: Exchange = { ...base, outcome: 'ok' }
        ledger.count(exchange)
        return { phone, exchange }
      } catch (err) {
        const exchange: Exchange = { ...base, outcome: ledger.outcomeOf(err) }
        ledger.count(exchange)
        await ledger.writeAlone(exchange, ctx.reqId)
        throw err
      }
    },

    /**
     * The exchange's row and the work it paid for, in one transaction. When the work is refused (a number
     * taken, another number than the account's), the platform was still paid: the row is written on its own.
     */
    async withExchange<T>(ctx: RequestContext, exchange: Exchange, work: (tx: Queries) => Promise<T>, options?: TransactionOptions): Promise<T> {
      try {
        return await database.transaction(async (tx) => {
          await ledger.write(tx, exchange)
          return work(tx)
        }, options)
      } catch (err) {
        if (isApiError(err)) await ledger.writeAlone(exchange, ctx.reqId)
        throw err
      }
    },
  }
}
