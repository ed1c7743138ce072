import type { Database, TransactionOptions } from '../db/database'
import type { Queries } from '../db/statement'
import { ApiError } from '../api-error'
import type { Clock } from '../clock'
import type { Exchange, ExchangePurpose, PhoneLedger } from '../ledger/phone-ledger'
import type { ConfiguredApp } from '../platforms/apps'
import type { PhoneInfo, PhoneProof, PlatformName } from '../platforms/platform'

/** What a request carries for logging (its id) and for upstream calls (its deadline). */
export interface RequestContext {
  reqId: string
  /** ms since the epoch by the injected clock (REQUEST_DEADLINE_MS); upstream timeouts are cut to it, and nothing commits after it. */
  deadline?: number
}

/**
 * Called last in a login's transaction: a request past its deadline has been given up by the client (or is
 * about to be), so it commits nothing (a session nobody receives) and answers 503.
 */
export function inTime(clock: Clock, ctx: RequestContext, platform: PlatformName): void {
  if (ctx.deadline !== undefined && clock.now() > ctx.deadline) {
    // WeChat apps keep their WECHAT_* code; Douyin and Alipay answer with the platform-neutral one.
    throw new ApiError(platform === 'weixin' ? 'WECHAT_UNAVAILABLE' : 'PLATFORM_UNAVAILABLE', 'The request took too long (the platform was slow to answer); nothing was changed. Try again.')
  }
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
     * The exchange's row and the work it paid for, in one transaction. When the work fails for any reason (a
     * number taken, another number than the account's, the deadline, the database), the platform was still
     * paid: the row is written on its own.
     */
    async withExchange<T>(ctx: RequestContext, exchange: Exchange, work: (tx: Queries) => Promise<T>, options?: TransactionOptions): Promise<T> {
      try {
        return await database.transaction(async (tx) => {
          await ledger.write(tx, exchange)
          return work(tx)
        }, options)
      } catch (err) {
        await ledger.writeAlone(exchange, ctx.reqId)
        throw err
      }
    },

    /** A paid exchange whose work is refused before it starts (a limit): its row, on its own. */
    recordAlone: (ctx: RequestContext, exchange: Exchange) => ledger.writeAlone(exchange, ctx.reqId),
  }
}
