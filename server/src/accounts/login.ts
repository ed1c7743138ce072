import type { NotRegistered, Session, SessionInfo, User } from 'shared'
import type { Clock } from '../clock'
import type { Database, TransactionOptions } from '../db/database'
import type { Queries } from '../db/statement'
import { ApiError } from '../api-error'
import type { Logger } from '../logger'
import { maskPhone, phoneKey } from '../phone'
import type { Exchange, ExchangePurpose, PhoneLedger } from '../ledger/phone-ledger'
import type { AccessClaims } from '../tokens/access-tokens'
import type { Device } from '../sessions/session-rows'
import type { Sessions } from '../sessions/sessions'
import type { PhoneInfo, WechatClient } from '../wechat/types'
import type { PaidCallLimits } from '../http/paid-call-limits'
import { refreshTokenInvalid } from '../sessions/refresh-tokens'
import { accountGone, changePhone, deleteAccount, findUserById, findUserByOpenid, findUserInSession, phoneKeyOf, requirePhoneLogin, upsertAccount } from './accounts'
import { hasNoNumber, releaseRecycledNumber, type RecycledNumberRule } from './recycled-number'
import { proveLinkedUser } from './step-up'
import { toApiUser } from './user-view'

export interface LoginOptions {
  database: Database
  wechat: WechatClient
  sessions: Sessions
  ledger: PhoneLedger
  clock: Clock
  logger: Logger
  /** PHONE_CHANGE_LIMIT per account, PHONE_LOGIN_LIMIT per number. */
  limits: PaidCallLimits
  recycledNumbers: RecycledNumberRule
}

/** What a request carries: its id (on every log line of it) and its deadline (REQUEST_DEADLINE_MS). */
export interface RequestContext {
  reqId: string
  /** ms since the epoch by the injected clock; upstream timeouts are cut to it, and nothing commits after it. */
  deadline?: number
}

export type Login = ReturnType<typeof createLogin>

/** Signing in and changing the number: WeChat first, then the database writes in one transaction. */
export function createLogin(opts: LoginOptions) {
  const { database, wechat, sessions, ledger, clock, logger, limits } = opts
  const now = () => new Date(clock.now()).toISOString()

  /**
   * Called last in a login's transaction: a request past its deadline has been given up by the client (or is
   * about to be), so it commits nothing (a session nobody receives) and answers 503.
   */
  function inTime(ctx: RequestContext): void {
    if (ctx.deadline !== undefined && clock.now() > ctx.deadline) {
      throw new ApiError('WECHAT_UNAVAILABLE', 'The request took too long (WeChat was slow to answer); nothing was changed. Try again.')
    }
  }

  /** The paid exchange, counted; a failed one is recorded at once (there will be no writes to join). */
  async function exchangePhone(ctx: RequestContext, phoneCode: string, realtime: boolean | undefined, purpose: ExchangePurpose): Promise<{ phone: PhoneInfo; exchange: Exchange }> {
    const mode = realtime === true ? 'realtime' : 'quick'
    try {
      const phone = await wechat.getPhoneNumber(phoneCode, ctx)
      const exchange: Exchange = { mode, outcome: 'ok', purpose }
      ledger.count(exchange)
      return { phone, exchange }
    } catch (err) {
      const exchange: Exchange = { mode, outcome: ledger.outcomeOf(err), purpose }
      ledger.count(exchange)
      await ledger.writeAlone(exchange, ctx.reqId)
      throw err
    }
  }

  /**
   * The exchange's row and the work it paid for, in one transaction. When the work fails for any reason (a
   * number taken, another number than the account's, the deadline, the database), WeChat was still paid: the
   * row is written on its own.
   */
  async function withExchange<T>(ctx: RequestContext, exchange: Exchange, work: (tx: Queries) => Promise<T>, options?: TransactionOptions): Promise<T> {
    try {
      return await database.transaction(async (tx) => {
        await ledger.write(tx, exchange)
        return work(tx)
      }, options)
    } catch (err) {
      await ledger.writeAlone(exchange, ctx.reqId)
      throw err
    }
  }

  return {
    /**
     * Both WeChat exchanges happen before anything is written, so a WeChat failure changes nothing. The free
     * login code goes first: if WeChat refuses it, the paid phone API is not called and the phone code stays
     * unused for the client's retry.
     */
    async phoneLogin(ctx: RequestContext, body: { phoneCode: string; loginCode?: string; device?: Partial<Device>; realtime?: boolean }): Promise<Session> {
      const identity = body.loginCode === undefined ? undefined : await wechat.code2Session(body.loginCode, ctx)
      const { phone, exchange } = await exchangePhone(ctx, body.phoneCode, body.realtime, 'login')
      const key = phoneKey(phone)
      // The number is known only now: a refused login cost this one exchange, and starts no session.
      try {
        await limits.number(key, ctx.reqId)
      } catch (err) {
        await ledger.writeAlone(exchange, ctx.reqId)
        throw err
      }
      let recycledFrom: string | undefined
      const session = await withExchange(ctx, exchange, async (tx) => {
        recycledFrom = await releaseRecycledNumber(tx, clock.now(), key, identity?.openid, opts.recycledNumbers)
        const account = await upsertAccount(tx, now(), phone, identity)
        const started = await sessions.start(tx, { user: toApiUser(account), sessions: account.sessions, created: account.created }, body.device)
        inTime(ctx)
        return started
      })
      if (recycledFrom !== undefined) {
        logger.info({ reqId: ctx.reqId, userId: session.user.id, dormantUserId: recycledFrom, phone: maskPhone(phone.purePhoneNumber) }, 'recycled number: a new account holds it; the dormant account kept its data and link')
      }
      logger.info({ reqId: ctx.reqId, userId: session.user.id, phone: maskPhone(phone.purePhoneNumber), linked: identity !== undefined }, 'phone login')
      return session
    },

    /** Never creates an account and never calls the paid phone API. */
    async wxLogin(ctx: RequestContext, body: { loginCode: string; device?: Partial<Device> }): Promise<Session | NotRegistered> {
      const identity = await wechat.code2Session(body.loginCode, ctx)
      const user = await findUserByOpenid(database, identity.openid)
      if (!user) {
        logger.info({ reqId: ctx.reqId }, 'wx login: WeChat user not registered')
        return { registered: false }
      }
      const session = await database.transaction(async (tx) => {
        const started = await sessions.start(tx, { user: toApiUser(user), sessions: user.sessions, created: false }, body.device)
        inTime(ctx)
        return started
      })
      logger.info({ reqId: ctx.reqId, userId: user.id }, 'wx login')
      return session
    },

    /** The next tokens of the same session; the presented refresh token stops working. */
    async refresh(refreshToken: string): Promise<Session> {
      const session = await database.transaction(async (tx) => {
        const rotated = await sessions.rotate(tx, refreshToken)
        // Deleting an account deletes its sessions and tokens, so a rotated token has its account.
        const user = rotated && await findUserById(tx, rotated.userId)
        return user && sessions.issue(toApiUser(user), rotated.sessionId, rotated.refreshToken)
      })
      if (!session) throw refreshTokenInvalid()
      return session
    },

    /** The account's live sessions, the caller's marked; 401 once the caller's session ended. */
    async listSessions(claims: AccessClaims): Promise<SessionInfo[]> {
      await liveAccount(claims)
      return sessions.list(claims.sub, claims.sid)
    },

    /**
     * Ends one of the account's sessions (404 NOT_FOUND for any other id). A security action: until the
     * account's next phone-login, wx-login alone no longer signs it in.
     */
    async revokeSession(claims: AccessClaims, sessionId: string): Promise<void> {
      await liveAccount(claims)
      const ended = await database.transaction(async (tx) => {
        if (!(await sessions.end(tx, claims.sub, sessionId))) return false
        await requirePhoneLogin(tx, claims.sub)
        return true
      })
      if (!ended) throw new ApiError('NOT_FOUND', 'No such session: it is not one of your live sessions.')
    },

    /** Ends every session of the account but the caller's own (a security action, as revokeSession). */
    async revokeOtherSessions(claims: AccessClaims): Promise<void> {
      await liveAccount(claims)
      await database.transaction(async (tx) => {
        await sessions.endOthers(tx, claims.sub, claims.sid)
        await requirePhoneLogin(tx, claims.sub)
      })
    },

    /** The account of a live session, in one read (the session middleware's check); `undefined` once it ended. */
    async signedIn(claims: Pick<AccessClaims, 'sub' | 'sid'>): Promise<User | undefined> {
      const user = await findUserInSession(database, claims.sub, claims.sid)
      return user && toApiUser(user)
    },

    /**
     * A step-up action (403 REAUTH_REQUIRED without a fresh loginCode of the linked user), limited per account;
     * both are checked before the paid call. On success every other session of the account ends (without
     * blocking the linked user's silent login). `unchanged`: the code proved the number the account already has.
     */
    async changePhone(ctx: RequestContext, claims: AccessClaims, body: { phoneCode: string; loginCode?: string; realtime?: boolean }): Promise<{ user: User; unchanged: boolean }> {
      const userId = claims.sub
      // The phone API is paid: make sure there is still an account (and session) before calling it.
      await liveAccount(claims)
      await limits.account(userId, ctx.reqId)
      await proveLinkedUser(wechat, database, ctx, userId, body.loginCode)
      const { phone, exchange } = await exchangePhone(ctx, body.phoneCode, body.realtime, 'change_phone')
      const { user, unchanged } = await withExchange(ctx, exchange, async (tx) => {
        const changed = await changePhone(tx, now(), userId, phone)
        await sessions.endOthers(tx, userId, claims.sid)
        inTime(ctx)
        return changed
      })
      logger.info({ reqId: ctx.reqId, userId, phone: maskPhone(phone.purePhoneNumber), unchanged }, 'phone changed')
      return { user: toApiUser(user), unchanged }
    },

    /**
     * 注销账号: the phone code must prove the account's own number (403 PHONE_MISMATCH otherwise, nothing
     * changed); an account without a number proves its linked user instead (a loginCode; 403 REAUTH_REQUIRED
     * otherwise). Limited per account, before any paid call. Then the account row, its WeChat links, sessions
     * and refresh tokens are deleted in one transaction, and the embedded database's freed pages and log are
     * scrubbed of them.
     */
    async deleteAccount(ctx: RequestContext, claims: AccessClaims, body: { phoneCode?: string; loginCode?: string; realtime?: boolean }): Promise<void> {
      const userId = claims.sub
      await liveAccount(claims)
      await limits.account(userId, ctx.reqId)
      const current = await phoneKeyOf(database, userId)
      if (current === undefined) throw accountGone()
      let deleted: boolean
      if (hasNoNumber(current)) {
        await proveLinkedUser(wechat, database, ctx, userId, body.loginCode)
        deleted = await database.transaction(async (tx) => {
          const gone = await deleteAccount(tx, userId)
          inTime(ctx)
          return gone
        }, { erasing: true })
      } else {
        if (body.phoneCode === undefined) throw new ApiError('VALIDATION_FAILED', 'phoneCode: required, to prove the account\'s own number.')
        const { phone, exchange } = await exchangePhone(ctx, body.phoneCode, body.realtime, 'delete_account')
        deleted = await withExchange(ctx, exchange, async (tx) => {
          const key = await phoneKeyOf(tx, userId)
          if (key === undefined) return false
          if (key !== phoneKey(phone)) throw new ApiError('PHONE_MISMATCH', 'This phone number is not the account\'s own number; nothing was deleted.')
          const gone = await deleteAccount(tx, userId)
          inTime(ctx)
          return gone
        }, { erasing: true })
      }
      if (!deleted) throw accountGone()
      await database.scrub().catch((err: unknown) => logger.warn({ reqId: ctx.reqId, err }, 'account deleted; scrubbing the database log failed'))
      logger.info({ reqId: ctx.reqId, userId }, 'account deleted')
    },
  }

  async function liveAccount(claims: AccessClaims) {
    const user = await findUserInSession(database, claims.sub, claims.sid)
    if (!user) throw sessionEnded()
    return user
  }
}

function sessionEnded(): ApiError {
  return new ApiError('UNAUTHORIZED', 'This session has ended (signed out, revoked or the account deleted). Sign in again.')
}
