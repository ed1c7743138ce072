import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../clock'
import { DEV_ALIPAY_API_PATH, DEV_API_PATHS, DEV_DOUYIN_API_PATH } from '../config'
import type { AppEnv } from '../http/app-env'
import { errorHandler } from '../http/error-handler'
import { createLogger } from '../logger'
import { createMemoryTokenStore } from './memory-token-store'
import { createAlipayApp } from './alipay'
import { createDevAlipay } from './alipay/mock'
import { createDouyinApp } from './douyin'
import { createDevDouyin } from './douyin/mock'
import { type RunningMock, serveMock } from './mock-support/serve-mock'

// Dev mode's pieces served as dev mode serves them: the mocks' APIs and the minting routes on one server,
// the dev apps calling that server over real HTTP, and the client's side played with the minting routes.
const douyin = createDevDouyin({ clock: systemClock })
const alipay = createDevAlipay({ clock: systemClock })
let served: RunningMock<{ app: Hono<AppEnv>; releaseHung(): void }>

beforeAll(async () => {
  const app = new Hono<AppEnv>()
  app.onError(errorHandler(createLogger({ level: 'silent' })))
  app.route(DEV_DOUYIN_API_PATH, douyin.api)
  app.route('/__dev/douyin', douyin.mint)
  app.route(DEV_ALIPAY_API_PATH, alipay.api)
  app.route('/__dev/alipay', alipay.mint)
  served = await serveMock({ app, releaseHung: () => { douyin.mock.releaseHung(); alipay.mock.releaseHung() } })
})
afterAll(() => served.close())

async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${served.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, body: await res.json() as Record<string, unknown> }
}

describe('dev mode\'s Douyin and Alipay', () => {
  it('Douyin: minted codes sign the dev app\'s user in and prove a number', async () => {
    const app = createDouyinApp(douyin.config, {
      apiBase: `${served.url}${DEV_DOUYIN_API_PATH}`, timeoutMs: 2000, clock: systemClock, tokenStore: createMemoryTokenStore(systemClock),
    })
    const login = await post('/__dev/douyin/login-code', { openid: '_000dev-user' })
    expect(login.status).toBe(200)
    await expect(app.identify(login.body.code as string, {})).resolves.toMatchObject({ userId: '_000dev-user' })
    const phone = await post('/__dev/douyin/phone-code', { phone: '13800138000' })
    await expect(app.phoneNumber({ kind: 'code', code: phone.body.code as string }, {})).resolves.toMatchObject({ purePhoneNumber: '13800138000' })
  })

  it('Alipay: a minted auth code signs in; phone-code answers {phoneResponse}, which proves the number', async () => {
    const app = createAlipayApp(alipay.config, { gateway: `${served.url}${DEV_API_PATHS.alipay}`, timeoutMs: 2000, clock: systemClock })
    const login = await post('/__dev/alipay/login-code', {})
    expect(await app.identify(login.body.code as string, {})).toMatchObject({ userId: expect.stringMatching(/^074/) })
    const phone = await post('/__dev/alipay/phone-code', { phone: '13900139000' })
    expect(Object.keys(phone.body)).toEqual(['phoneResponse'])
    await expect(app.phoneNumber({ kind: 'response', response: phone.body.phoneResponse as string }, {})).resolves.toMatchObject({ purePhoneNumber: '13900139000' })
  })

  it.each(['douyin', 'alipay'])('%s: bad input to the minting routes is 400 VALIDATION_FAILED', async (platform) => {
    expect((await post(`/__dev/${platform}/phone-code`, { phone: 'x' })).body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    // A plausible number the platform would never hand out (Alipay: mainland only; both: a +86 number must be a mobile).
    const refused = await post(`/__dev/${platform}/phone-code`, { phone: '+8612345' })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    expect((await post(`/__dev/${platform}/login-code`, { openid: 'a b' })).status).toBe(400)
  })
})
