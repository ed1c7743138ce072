import type { Context } from 'hono'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { type JsonBodyOptions, readJsonBody } from '../../../http/json-body'
import type { MockWechat } from './mock-types'
import { controlFailBody, controlLoginCodeBody, controlPhoneCodeBody } from './schemas'

/**
 * `/__control/*`: lets a test that runs the BFF in another process mint codes, inject faults and read counts.
 * Bad input gets a 400 with `{error}` and changes nothing.
 */
export function controlRoutes(mock: Omit<MockWechat, 'app'>): Hono {
  const app = new Hono()
  const bad = (message: string) => ({ error: message })
  // An empty body is `{}`; anything else that does not fit gets the route's own one-line usage.
  const usage = (c: Context, message: string): JsonBodyOptions => ({
    empty: {},
    forbiddenKeys: 'allow',
    invalid: () => new HTTPException(400, { res: c.json(bad(message), 400) }),
  })

  app.post('/__control/login-code', async (c) => {
    const b = await readJsonBody(c, controlLoginCodeBody, usage(c, 'expected {openid?: string, unionid?: string, appid?: string}'))
    return c.json({ code: mock.mintLoginCode(b.openid || undefined, { unionid: b.unionid, appid: b.appid }) })
  })

  app.post('/__control/phone-code', async (c) => {
    const b = await readJsonBody(c, controlPhoneCodeBody, usage(c, 'expected {phone: string, appid?, watermarkAppid?, countryCode?}'))
    try {
      return c.json({
        code: mock.mintPhoneCode(b.phone, { appid: b.appid, watermarkAppid: b.watermarkAppid, countryCode: b.countryCode }),
      })
    } catch (err) {
      return c.json(bad((err as Error).message), 400)
    }
  })

  app.post('/__control/fail', async (c) => {
    const b = await readJsonBody(c, controlFailBody, usage(c, 'expected {endpoint: token|stable_token|jscode2session|getuserphonenumber, '
      + 'fault: errcode|"errcode"|"timeout"|"garbage"|"empty"|"http500", times?: positive integer}'))
    mock.failNext(b.endpoint, b.fault, b.times ?? 1)
    return c.json({ ok: true })
  })

  app.get('/__control/calls', (c) => c.json(mock.calls()))

  app.post('/__control/reset', (c) => {
    mock.reset()
    return c.json({ ok: true })
  })

  return app
}
