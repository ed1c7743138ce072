import { Hono } from 'hono'
import type { DevCodeResponse, DevPhoneCodeResponse, DevQuotaResponse } from 'shared'
import { devLoginCodeBody, devPhoneCodeBody, devQuotaBody } from 'shared/schemas'
import { ApiError } from '../api-error'
import type { AppEnv } from '../http/app-env'
import { readJsonBody } from '../http/json-body'
import type { MockWechat } from '../platforms/weixin/mock'

/** What the WeChat client hands the phone button once the mini program's quota is used up. */
export const NO_QUOTA = { errno: 1400001, errMsg: 'getPhoneNumber:fail no quota' } as const

/**
 * Dev mode only (never loaded in production): mint codes in the built-in mock WeChat the way the WeChat
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
    // As the real button would: no code at all, so nothing reaches the BFF and nothing is billed.
    if (mock.quota.exhausted) return c.json<DevPhoneCodeResponse>({ ...NO_QUOTA })
    let code: string
    try {
      code = mock.mintPhoneCode(body.phone)
    } catch (err) {
      // The mock knows which numbers WeChat could hand out (e.g. a +86 number must be a mobile number).
      throw new ApiError('VALIDATION_FAILED', `phone: ${err instanceof Error ? err.message : 'not a phone number'}.`)
    }
    return c.json<DevPhoneCodeResponse>({ code })
  })

  app.get('/quota', (c) => c.json<DevQuotaResponse>({ exhausted: mock.quota.exhausted }))

  app.post('/quota', async (c) => {
    const body = await readJsonBody(c, devQuotaBody)
    mock.quota.exhausted = body.exhausted
    return c.json<DevQuotaResponse>({ exhausted: mock.quota.exhausted })
  })

  return app
}
