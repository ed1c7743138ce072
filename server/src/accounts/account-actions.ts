import type { SessionInfo, User } from 'shared'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import { ApiError } from '../api-error'
import type { Logger } from '../logger'
import { maskPhone, phoneKey } from '../phone'
import type { Apps } from '../platforms/apps'
import type { AccessClaims } from '../sessions/jwt'
import type { Sessions } from '../sessions/sessions'
import { accountGone, changePhone, deleteAccount, findUserInSession, phoneKeyOf, requirePhoneLogin } from './accounts'
import type { PhoneExchange, RequestContext } from './phone-exchange'
import { toApiUser } from './user-view'

export interface AccountActionsOptions {
  database: Database
  apps: Apps
  sessions: Sessions
  payments: PhoneExchange
  clock: Clock
  logger: Logger
}

export type AccountActions = ReturnType<typeof createAccountActions>

/**
 * What a signed-in account does with itself: read it, change its number, list and end its sessions, delete
 * it. Each reads the caller's session along with what it needs, so an ended session is refused at once.
 */
export function createAccountActions(opts: AccountActionsOptions) {
  const { database, apps, sessions, payments, clock, logger } = opts
  const now = () => new Date(clock.now()).toISOString()

  async function liveAccount(claims: AccessClaims) {
    const user = await findUserInSession(database, claims.sub, claims.sid)
    if (!user) throw sessionEnded()
    return user
  }

  return {
    /** The signed-in account; 401 once its session ended (on any instance: the session is read with it). */
    async me(claims: AccessClaims): Promise<User> {
      return toApiUser(await liveAccount(claims))
    },

    /** The account's live sessions, the caller's marked; 401 once the caller's session ended. */
    async listSessions(claims: AccessClaims): Promise<SessionInfo[]> {
      await liveAccount(claims)
      return sessions.list(claims.sub, claims.sid)
    },

    /**
     * Ends one of the account's sessions (404 NOT_FOUND for any other id). A security action: until the
     * account's next phone-login, silent login no longer signs it in, on any app.
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

    /** `unchanged`: the code proved the number the account already has. */
    async changePhone(ctx: RequestContext, claims: AccessClaims, body: { app?: string; phoneCode: string; realtime?: boolean }): Promise<{ user: User; unchanged: boolean }> {
      const userId = claims.sub
      const app = apps.resolve(body.app)
      // The phone API is paid: make sure there is still an account (and session) before calling it.
      await liveAccount(claims)
      const { phone, exchange } = await payments.exchange(ctx, app, { kind: 'code', code: body.phoneCode, realtime: body.realtime }, 'change_phone')
      const { user, unchanged } = await payments.withExchange(ctx, exchange, (tx) => changePhone(tx, now(), userId, phone))
      logger.info({ reqId: ctx.reqId, userId, phone: maskPhone(phone.purePhoneNumber), app: app.appid, unchanged }, 'phone changed')
      return { user: toApiUser(user), unchanged }
    },

    /**
     * 注销账号: the phone proof must prove the account's own number (403 PHONE_MISMATCH otherwise, nothing
     * changed). Then the account row, its identities, sessions and refresh tokens are deleted in one
     * transaction, and the embedded database's freed pages and log are scrubbed of them.
     */
    async deleteAccount(ctx: RequestContext, claims: AccessClaims, body: { app?: string; phoneCode: string; realtime?: boolean }): Promise<void> {
      const userId = claims.sub
      const app = apps.resolve(body.app)
      await liveAccount(claims)
      const { phone, exchange } = await payments.exchange(ctx, app, { kind: 'code', code: body.phoneCode, realtime: body.realtime }, 'delete_account')
      const deleted = await payments.withExchange(ctx, exchange, async (tx) => {
        const key = await phoneKeyOf(tx, userId)
        if (key === undefined) return false
        if (key !== phoneKey(phone)) throw new ApiError('PHONE_MISMATCH', 'This phone number is not the account\'s own number; nothing was deleted.')
        return deleteAccount(tx, userId)
      }, { erasing: true })
      if (!deleted) throw accountGone()
      await database.scrub().catch((err: unknown) => logger.warn({ reqId: ctx.reqId, err }, 'account deleted; scrubbing the database log failed'))
      logger.info({ reqId: ctx.reqId, userId }, 'account deleted')
    },
  }
}

function sessionEnded(): ApiError {
  return new ApiError('UNAUTHORIZED', 'This session has ended (signed out, revoked or the account deleted). Sign in again.')
}
