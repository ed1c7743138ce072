import type { SessionInfo, User } from 'shared'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { ApiError } from '../api-error'
import type { Logger } from '../logger'
import type { PaidCallLimits } from '../http/paid-call-limits'
import { maskPhone, phoneKey } from '../phone'
import type { Apps } from '../platforms/apps'
import type { AccessClaims } from '../tokens/access-tokens'
import type { Sessions } from '../sessions/sessions'
import { accountGone, changePhone, deleteAccount, findUserInSession, phoneKeyOf, requirePhoneLogin } from './accounts'
import { inTime, type PhoneExchange, type RequestContext } from './phone-exchange'
import { phoneProofOf, type PhoneProofFields, requirePhoneProof } from './phone-proof'
import { hasNoNumber } from './recycled-number'
import { proveLinkedUser } from './step-up'
import { toApiUser } from './user-view'

export interface AccountActionsOptions {
  database: Database
  apps: Apps
  sessions: Sessions
  payments: PhoneExchange
  clock: Clock
  logger: Logger
  /** PHONE_CHANGE_LIMIT per account. */
  limits: PaidCallLimits
}

export type AccountActions = ReturnType<typeof createAccountActions>

/**
 * What a signed-in account does with itself: read it, change its number, list and end its sessions, delete
 * it. Every caller has passed `requireSession` (http/require-session.ts), which read the account with the
 * session a moment before: an ended session never gets here, and the actions do not read it again.
 */
export function createAccountActions(opts: AccountActionsOptions) {
  const { database, apps, sessions, payments, clock, logger, limits } = opts
  const now = () => new Date(clock.now()).toISOString()

  return {
    /** The account of a live session, in one read (the session middleware's check); `undefined` once it ended. */
    async signedIn(claims: Pick<AccessClaims, 'sub' | 'sid'>): Promise<User | undefined> {
      const user = await findUserInSession(database, claims.sub, claims.sid)
      return user && toApiUser(user)
    },

    /** The account's live sessions, the caller's marked. */
    async listSessions(claims: AccessClaims): Promise<SessionInfo[]> {
      return sessions.list(claims.sub, claims.sid)
    },

    /**
     * Ends one of the account's sessions (404 NOT_FOUND for any other id). A security action: until the
     * account's next phone-login, silent login no longer signs it in, on any app.
     */
    async revokeSession(claims: AccessClaims, sessionId: string): Promise<void> {
      const ended = await database.transaction(async (tx) => {
        if (!(await sessions.end(tx, claims.sub, sessionId))) return false
        await requirePhoneLogin(tx, claims.sub)
        return true
      })
      if (!ended) throw new ApiError('NOT_FOUND', 'No such session: it is not one of your live sessions.')
    },

    /** Ends every session of the account but the caller's own (a security action, as revokeSession). */
    async revokeOtherSessions(claims: AccessClaims): Promise<void> {
      await database.transaction(async (tx) => {
        await sessions.endOthers(tx, claims.sub, claims.sid)
        await requirePhoneLogin(tx, claims.sub)
      })
    },

    /**
     * A step-up action (403 REAUTH_REQUIRED without a fresh loginCode of the user linked on this app), limited
     * per account; both are checked before the paid call. On success every other session of the account ends
     * (without blocking silent login). `unchanged`: the code proved the number the account already has.
     */
    async changePhone(ctx: RequestContext, claims: AccessClaims, body: PhoneProofFields & { app?: string; loginCode?: string }): Promise<{ user: User; unchanged: boolean }> {
      const userId = claims.sub
      const app = apps.resolve(body.app)
      const proof = requirePhoneProof(app.platform, body)
      await limits.account(userId, ctx.reqId)
      await proveLinkedUser(app, database, ctx, userId, body.loginCode)
      const { phone, exchange } = await payments.exchange(ctx, app, proof, 'change_phone')
      const { user, unchanged } = await payments.withExchange(ctx, exchange, async (tx) => {
        const changed = await changePhone(tx, now(), userId, phone)
        await sessions.endOthers(tx, userId, claims.sid)
        inTime(clock, ctx, app.platform)
        return changed
      })
      logger.info({ reqId: ctx.reqId, userId, phone: maskPhone(phone.purePhoneNumber), app: app.appid, unchanged }, 'phone changed')
      return { user: toApiUser(user), unchanged }
    },

    /**
     * 注销账号: the phone proof must prove the account's own number (403 PHONE_MISMATCH otherwise, nothing
     * changed); an account without a number proves its linked user on this app instead (a loginCode; 403
     * REAUTH_REQUIRED otherwise). Limited per account, before any paid call. Then the account row, its
     * identities, sessions and refresh tokens are deleted in one transaction, and the embedded database's
     * freed pages and log are scrubbed of them.
     */
    async deleteAccount(ctx: RequestContext, claims: AccessClaims, body: PhoneProofFields & { app?: string; loginCode?: string }): Promise<void> {
      const userId = claims.sub
      const app = apps.resolve(body.app)
      const proof = phoneProofOf(app.platform, body)
      await limits.account(userId, ctx.reqId)
      const current = await phoneKeyOf(database, userId)
      if (current === undefined) throw accountGone()
      let deleted: boolean
      if (hasNoNumber(current)) {
        await proveLinkedUser(app, database, ctx, userId, body.loginCode)
        deleted = await database.transaction(async (tx) => {
          const gone = await deleteAccount(tx, userId)
          inTime(clock, ctx, app.platform)
          return gone
        }, { erasing: true })
      } else {
        if (proof === undefined) throw new ApiError('VALIDATION_FAILED', `${app.platform === 'alipay' ? 'phoneResponse' : 'phoneCode'}: required, to prove the account's own number.`)
        const { phone, exchange } = await payments.exchange(ctx, app, proof, 'delete_account')
        deleted = await payments.withExchange(ctx, exchange, async (tx) => {
          const key = await phoneKeyOf(tx, userId)
          if (key === undefined) return false
          if (key !== phoneKey(phone)) throw new ApiError('PHONE_MISMATCH', 'This phone number is not the account\'s own number; nothing was deleted.')
          const gone = await deleteAccount(tx, userId)
          inTime(clock, ctx, app.platform)
          return gone
        }, { erasing: true })
      }
      if (!deleted) throw accountGone()
      await database.scrub().catch((err: unknown) => logger.warn({ reqId: ctx.reqId, err }, 'account deleted; scrubbing the database log failed'))
      logger.info({ reqId: ctx.reqId, userId }, 'account deleted')
    },
  }
}

