import { Hono } from 'hono'
import { logoutBody, phoneLoginBody, refreshBody, wxLoginBody } from 'shared/schemas'
import type { NotRegistered } from 'shared'
import { findUserByOpenid, phoneLogin } from '../accounts/accounts'
import type { AppDeps } from '../app-deps'
import type { AppEnv } from '../http/app-env'
import { readJsonBody } from '../http/json-body'
import { maskPhone } from '../phone'
import { revokeRefreshToken } from '../sessions/refresh-tokens'
import { refreshSession, type SessionDeps, startSession } from '../sessions/sessions'

/** /api/auth/*: sign in with a phone code, sign back in with a login code, refresh, log out. */
export function authRoutes(deps: AppDeps): Hono<AppEnv> {
  const { wechat, logger, clock } = deps
  const db = deps.database.db
  const sessions: SessionDeps = {
    db,
    clock,
    authSecret: deps.config.authSecret,
    accessTokenTtl: deps.config.accessTokenTtl,
    refreshTokenTtl: deps.config.refreshTokenTtl,
  }
  const app = new Hono<AppEnv>()

  app.post('/phone-login', async (c) => {
    const body = await readJsonBody(c, phoneLoginBody)
    // Both WeChat exchanges happen before anything is written, so a WeChat failure changes nothing. The
    // free login code goes first: if WeChat refuses it, the paid phone API is not called and the phone
    // code stays unused for the client's retry.
    const identity = body.loginCode === undefined ? undefined : await wechat.code2Session(body.loginCode)
    const phone = await wechat.getPhoneNumber(body.phoneCode)
    const user = await phoneLogin({ db, clock }, phone, identity)
    logger.info({ userId: user.id, phone: maskPhone(phone.purePhoneNumber), linked: identity !== undefined }, 'phone login')
    return c.json(await startSession(sessions, user))
  })

  app.post('/wx-login', async (c) => {
    const body = await readJsonBody(c, wxLoginBody)
    const identity = await wechat.code2Session(body.loginCode)
    const user = await findUserByOpenid(db, identity.openid)
    if (!user) {
      logger.info({}, 'wx login: WeChat user not registered')
      const notRegistered: NotRegistered = { registered: false }
      return c.json(notRegistered)
    }
    logger.info({ userId: user.id }, 'wx login')
    return c.json(await startSession(sessions, user))
  })

  app.post('/refresh', async (c) => {
    const body = await readJsonBody(c, refreshBody)
    return c.json(await refreshSession(sessions, body.refreshToken))
  })

  // Idempotent: an unknown, expired or already revoked token is also 204, so a client can always log out.
  app.post('/logout', async (c) => {
    const body = await readJsonBody(c, logoutBody)
    await revokeRefreshToken({ db, clock, ttlSeconds: sessions.refreshTokenTtl }, body.refreshToken)
    return c.body(null, 204)
  })

  return app
}
