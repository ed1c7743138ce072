import { Hono } from 'hono'
import { isFault, isMockEndpoint } from './faults'
import type { MockWechat } from './mock-wechat'

const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string'

/**
 * `/__control/*`: lets a test that runs the BFF in another process mint codes, inject faults and read counts.
 * Bad input gets a 400 with `{error}` and changes nothing.
 */
export function controlRoutes(mock: Omit<MockWechat, 'app'>): Hono {
  const app = new Hono()
  const bad = (message: string) => ({ error: message })

  async function body(req: { text(): Promise<string> }): Promise<Record<string, unknown> | undefined> {
    const text = await req.text()
    if (text.trim() === '') return {}
    try {
      const parsed: unknown = JSON.parse(text)
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined
    } catch {
      return undefined
    }
  }

  app.post('/__control/login-code', async (c) => {
    const b = await body(c.req)
    if (!b || !optionalString(b.openid) || !optionalString(b.unionid) || !optionalString(b.appid)) {
      return c.json(bad('expected {openid?: string, unionid?: string, appid?: string}'), 400)
    }
    return c.json({ code: mock.mintLoginCode(b.openid || undefined, { unionid: b.unionid, appid: b.appid }) })
  })

  app.post('/__control/phone-code', async (c) => {
    const b = await body(c.req)
    if (!b || typeof b.phone !== 'string' || !optionalString(b.appid) || !optionalString(b.watermarkAppid)
      || !optionalString(b.countryCode)) {
      return c.json(bad('expected {phone: string, appid?, watermarkAppid?, countryCode?}'), 400)
    }
    try {
      return c.json({
        code: mock.mintPhoneCode(b.phone, { appid: b.appid, watermarkAppid: b.watermarkAppid, countryCode: b.countryCode }),
      })
    } catch (err) {
      return c.json(bad((err as Error).message), 400)
    }
  })

  app.post('/__control/fail', async (c) => {
    const b = await body(c.req)
    const times = b?.times ?? 1
    if (!b || !isMockEndpoint(b.endpoint) || !isFault(b.fault) || typeof times !== 'number' || !Number.isInteger(times)
      || times < 1) {
      return c.json(bad('expected {endpoint: token|stable_token|jscode2session|getuserphonenumber, '
        + 'fault: errcode|"errcode"|"timeout"|"garbage"|"empty"|"http500", times?: positive integer}'), 400)
    }
    mock.failNext(b.endpoint, b.fault, times)
    return c.json({ ok: true })
  })

  app.get('/__control/calls', (c) => c.json(mock.calls()))

  app.post('/__control/reset', (c) => {
    mock.reset()
    return c.json({ ok: true })
  })

  return app
}
