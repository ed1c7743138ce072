import type { NotRegistered, Session } from 'shared'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { Logger } from '../logger'
import { maskPhone } from '../phone'
import type { Sessions } from '../sessions/sessions'
import type { WechatClient } from '../wechat/types'
import { changePhone, findUserById, findUserByOpenid, accountGone, upsertAccount } from './accounts'
import { toApiUser } from './user-view'
import type { User } from 'shared'

export interface LoginOptions {
  database: Database
  wechat: WechatClient
  sessions: Sessions
  clock: Clock
  logger: Logger
}

/** What a request carries for logging: its id, so every line of one request can be found together. */
export interface RequestContext {
  reqId: string
}

export type Login = ReturnType<typeof createLogin>

/** Signing in and changing the number: WeChat first, then the database writes in one transaction. */
export function createLogin(opts: LoginOptions) {
  const { database, wechat, sessions, clock, logger } = opts
  const now = () => new Date(clock.now()).toISOString()

  return {
    /**
     * Both WeChat exchanges happen before anything is written, so a WeChat failure changes nothing. The free
     * login code goes first: if WeChat refuses it, the paid phone API is not called and the phone code stays
     * unused for the client's retry.
     */
    async phoneLogin(ctx: RequestContext, body: { phoneCode: string; loginCode?: string }): Promise<Session> {
      const identity = body.loginCode === undefined ? undefined : await wechat.code2Session(body.loginCode, ctx)
      const phone = await wechat.getPhoneNumber(body.phoneCode, ctx)
      const session = await database.transaction(async (tx) => sessions.start(tx, await upsertAccount(tx, now(), phone, identity)))
      logger.info({ reqId: ctx.reqId, userId: session.user.id, phone: maskPhone(phone.purePhoneNumber), linked: identity !== undefined }, 'phone login')
      return session
    },

    /** Never creates an account and never calls the paid phone API. */
    async wxLogin(ctx: RequestContext, body: { loginCode: string }): Promise<Session | NotRegistered> {
      const identity = await wechat.code2Session(body.loginCode, ctx)
      const user = await findUserByOpenid(database, identity.openid)
      if (!user) {
        logger.info({ reqId: ctx.reqId }, 'wx login: WeChat user not registered')
        return { registered: false }
      }
      const session = await sessions.start(database, user)
      logger.info({ reqId: ctx.reqId, userId: user.id }, 'wx login')
      return session
    },

    async me(userId: string): Promise<User> {
      const user = await findUserById(database, userId)
      if (!user) throw accountGone()
      return toApiUser(user)
    },

    /** `unchanged`: the code proved the number the account already has. */
    async changePhone(ctx: RequestContext, userId: string, body: { phoneCode: string }): Promise<{ user: User; unchanged: boolean }> {
      // The phone API is paid: make sure there is still an account to change before calling it.
      if (!(await findUserById(database, userId))) throw accountGone()
      const phone = await wechat.getPhoneNumber(body.phoneCode, ctx)
      const { user, unchanged } = await changePhone(database, now(), userId, phone)
      logger.info({ reqId: ctx.reqId, userId, phone: maskPhone(phone.purePhoneNumber), unchanged }, 'phone changed')
      return { user: toApiUser(user), unchanged }
    },
  }
}
