import { Hono } from 'hono'
import { logoutBody, phoneLoginBody, refreshBody, silentLoginBody, wxLoginBody } from 'shared/schemas'
import type { AppDeps } from '../app-deps'
import { type AppEnv, callContextOf } from '../http/app-env'
import { readJsonBody } from '../http/json-body'

/** /api/auth/*: sign in with a phone code, sign back in with a login code (any app; wx-login: WeChat's), refresh, log out. */
export function authRoutes({ signIn, sessions }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.post('/phone-login', async (c) => {
    const body = await readJsonBody(c, phoneLoginBody)
    return c.json(await signIn.phoneLogin(callContextOf(c), body))
  })

  app.post('/silent-login', async (c) => {
    const body = await readJsonBody(c, silentLoginBody)
    return c.json(await signIn.silentLogin(callContextOf(c), body))
  })

  app.post('/wx-login', async (c) => {
    const body = await readJsonBody(c, wxLoginBody)
    return c.json(await signIn.wxLogin(callContextOf(c), body))
  })

  app.post('/refresh', async (c) => {
    const body = await readJsonBody(c, refreshBody)
    return c.json(await signIn.refresh(body.refreshToken))
  })

  // Idempotent: an unknown, expired or already revoked token is also 204, so a client can always log out.
  app.post('/logout', async (c) => {
    const body = await readJsonBody(c, logoutBody)
    await sessions.logout(body.refreshToken)
    return c.body(null, 204)
  })

  return app
}
