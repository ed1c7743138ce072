import type { NotRegistered, Session } from 'shared'
import type { Clock } from '../clock'
import type { Database } from '../db/database'
import type { Logger } from '../logger'
import type { PaidCallLimits } from '../http/paid-call-limits'
import { maskPhone, phoneKey } from '../phone'
import type { Apps } from '../platforms/apps'
import type { PlatformName } from '../platforms/platform'
import { ApiError } from '../api-error'
import { refreshTokenInvalid } from '../sessions/refresh-tokens'
import type { Device } from '../sessions/session-rows'
import type { Sessions } from '../sessions/sessions'
import { findAccountOfUser, findUserById, upsertAccount } from './accounts'
import { inTime, type PhoneExchange, type RequestContext } from './phone-exchange'
import { requirePhoneProof } from './phone-proof'
import { releaseRecycledNumber, type RecycledNumberRule } from './recycled-number'
import { toApiUser } from './user-view'

export interface SignInOptions {
  database: Database
  apps: Apps
  sessions: Sessions
  payments: PhoneExchange
  clock: Clock
  logger: Logger
  /** PHONE_LOGIN_LIMIT per number. */
  limits: PaidCallLimits
  recycledNumbers: RecycledNumberRule
}

export type SignIn = ReturnType<typeof createSignIn>

interface PhoneLoginBody {
  app?: string
  phoneCode?: string
  phoneResponse?: string
  loginCode?: string
  device?: Partial<Device>
  realtime?: boolean
}

interface SilentLoginBody {
  app?: string
  loginCode: string
  device?: Partial<Device>
}

/** Signing in: with a phone proof, silently with a login code, and on through refresh. */
export function createSignIn(opts: SignInOptions) {
  const { database, apps, sessions, payments, clock, logger, limits } = opts
  const now = () => new Date(clock.now()).toISOString()

  /** Never creates an account and never calls the paid phone API. `platform`: the route serves only that platform. */
  async function silentLogin(ctx: RequestContext, body: SilentLoginBody, platform?: PlatformName): Promise<Session | NotRegistered> {
    const app = apps.resolve(body.app, platform)
    const identity = await app.client.identify(body.loginCode, ctx)
    const caller = { platform: app.platform, app: app.appid, identity }
    const session = await database.transaction(async (tx) => {
      const user = await findAccountOfUser(tx, now(), caller)
      if (!user) return undefined
      const started = await sessions.start(tx, { user: toApiUser(user), sessions: user.sessions, created: false }, caller, body.device)
      inTime(clock, ctx, app.platform)
      return started
    })
    if (!session) {
      logger.info({ reqId: ctx.reqId, platform: app.platform, app: app.appid }, 'silent login: user not registered')
      return { registered: false }
    }
    logger.info({ reqId: ctx.reqId, userId: session.user.id, platform: app.platform, app: app.appid }, 'silent login')
    return session
  }

  return {
    /**
     * Both platform exchanges happen before anything is written, so a platform failure changes nothing. The
     * free login code goes first: if the platform refuses it, the paid phone API is not called and the phone
     * code stays unused for the client's retry.
     */
    async phoneLogin(ctx: RequestContext, body: PhoneLoginBody): Promise<Session> {
      const app = apps.resolve(body.app)
      const proof = requirePhoneProof(app.platform, body)
      // Alipay's response has no nonce and says nothing of who sends it: the caller must also be a user of the app.
      if (proof.kind === 'response' && body.loginCode === undefined) {
        throw new ApiError('VALIDATION_FAILED', 'loginCode: required with an Alipay phoneResponse (my.getAuthCode\'s code).')
      }
      const identity = body.loginCode === undefined ? undefined : await app.client.identify(body.loginCode, ctx)
      const { phone, exchange } = await payments.exchange(ctx, app, proof, 'login')
      const key = phoneKey(phone)
      // The number is known only now: a refused login cost this one exchange, and starts no session.
      try {
        await limits.number(key, ctx.reqId)
      } catch (err) {
        await payments.recordAlone(ctx, exchange)
        throw err
      }
      const caller = { platform: app.platform, app: app.appid, identity }
      let recycledFrom: string | undefined
      const session = await payments.withExchange(ctx, exchange, async (tx) => {
        recycledFrom = await releaseRecycledNumber(tx, clock.now(), key, caller, opts.recycledNumbers)
        // A replayable proof (Alipay's) never takes an account from another user of the same app.
        const account = await upsertAccount(tx, now(), phone, caller, { keepOtherUser: proof.kind === 'response' })
        const started = await sessions.start(tx, { user: toApiUser(account), sessions: account.sessions, created: account.created }, caller, body.device)
        inTime(clock, ctx, app.platform)
        return started
      })
      if (recycledFrom !== undefined) {
        logger.info({ reqId: ctx.reqId, userId: session.user.id, dormantUserId: recycledFrom, app: app.appid, phone: maskPhone(phone.purePhoneNumber) }, 'recycled number: a new account holds it; the dormant account kept its data and links')
      }
      logger.info({ reqId: ctx.reqId, userId: session.user.id, phone: maskPhone(phone.purePhoneNumber), app: app.appid, linked: identity !== undefined }, 'phone login')
      return session
    },

    /** Silent login on any platform's app (POST /api/auth/silent-login). */
    silentLogin: (ctx: RequestContext, body: SilentLoginBody) => silentLogin(ctx, body),

    /** wx-login: silent login, for WeChat apps only. */
    wxLogin: (ctx: RequestContext, body: SilentLoginBody) => silentLogin(ctx, body, 'weixin'),

    /** The next tokens of the same session; the presented refresh token stops working. */
    async refresh(refreshToken: string): Promise<Session> {
      const session = await database.transaction(async (tx) => {
        const rotated = await sessions.rotate(tx, refreshToken)
        // Deleting an account deletes its sessions and tokens, so a rotated token has its account.
        const user = rotated && await findUserById(tx, rotated.userId)
        return user && sessions.issue(toApiUser(user), rotated.sessionId, rotated.app, rotated.refreshToken)
      })
      if (!session) throw refreshTokenInvalid()
      return session
    },
  }
}
