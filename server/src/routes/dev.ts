import { Hono } from 'hono'
import type { DevCodeResponse } from 'shared'
import { devLoginCodeBody, devPhoneCodeBody } from 'shared/schemas'
import { ApiError } from '../errors'
import type { AppEnv } from '../http/app-env'
import { readJsonBody } from '../http/json-body'
import type { MockWechat } from '../mock-wechat'

/**
 * Dev mode only (never mounted in production): mint codes in the built-in mock WeChat the way the WeChat
 * client would, for H5 and tourist-appid builds where the real button cannot run.
 */
export function devRoutes(mock: MockWechat): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.post('/login-code', async (c) => {
    const body = await readJsonBody(c, devLoginCodeBody)
    const answer: DevCodeResponse = { code: mock.mintLoginCode(body.openid) }
    return c.json(answer)
  })

  app.post('/phone-code', async (c) => {
    const body = await readJsonBody(c, devPhoneCodeBody)
    let code: string
    try {
      code = mock.mintPhoneCode(body.phone)
    } catch (err) {
      // The mock knows which numbers WeChat could hand out (e.g. a +86 number must be a mobile number).
      throw new ApiError('VALIDATION_FAILED', `phone: ${err instanceof Error ? err.message : 'not a phone number'}.`)
    }
    const answer: DevCodeResponse = { code }
    return c.json(answer)
  })

  return app
}
