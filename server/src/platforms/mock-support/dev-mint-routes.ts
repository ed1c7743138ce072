import { Hono } from 'hono'
import { devLoginCodeBody, devPhoneCodeBody } from 'shared/schemas'
import { ApiError } from '../../api-error'
import type { AppEnv } from '../../http/app-env'
import { readJsonBody } from '../../http/json-body'

/**
 * Dev mode only: `POST /login-code` `{openid?}` → `{code}` and `POST /phone-code` `{phone}` → what the
 * platform's client would hand the page (`{code}` on Douyin, `{phoneResponse}` on Alipay). Mounted at
 * `/__dev/<platform>`; the mock decides which numbers it can hand out.
 */
export function devMintRoutes(mint: {
  loginCode(user: string | undefined): string
  phone(phone: string): Record<string, string>
}): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.post('/login-code', async (c) => {
    const body = await readJsonBody(c, devLoginCodeBody)
    return c.json({ code: mint.loginCode(body.openid) })
  })

  app.post('/phone-code', async (c) => {
    const body = await readJsonBody(c, devPhoneCodeBody)
    try {
      return c.json(mint.phone(body.phone))
    } catch (err) {
      throw new ApiError('VALIDATION_FAILED', `phone: ${err instanceof Error ? err.message : 'not a phone number'}.`)
    }
  })

  return app
}
