import type { Session } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEV_ALIPAY_APPID, DEV_DOUYIN_APPID, loadConfig } from '../src/config'
import { createLogger } from '../src/logger'
import { type RunningServer, startServer } from '../src/server'
import { logCapture, tempDir } from './support/bff'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

// Dev mode as `pnpm dev` runs it: besides the mock WeChat, one dev app per platform, each with its mock
// served by the BFF itself and its /__dev/<platform> minting routes (模拟授权 on Douyin and Alipay builds).
const dir = tempDir('bff-dev-platforms-')
let bff: RunningServer

beforeAll(async () => {
  bff = await startServer(loadConfig({ PORT: '0', DATA_DIR: dir.path }), { logger: createLogger({ stream: logCapture().stream }) })
})
afterAll(async () => {
  await bff?.close()
  dir.remove()
})

async function mint<T extends Record<string, string>>(platform: string, path: 'login-code' | 'phone-code', body: unknown): Promise<T> {
  const reply = await request<T>(`${bff.url}/__dev/${platform}/${path}`, { body })
  expect(reply.status, reply.text).toBe(200)
  return reply.body
}

describe('dev mode\'s Douyin and Alipay apps', () => {
  it('has one dev app per platform, and the WeChat one stays the default', () => {
    expect(bff.deps.apps.all.map((app) => app.platform)).toEqual(['weixin', 'douyin', 'alipay'])
    expect(bff.deps.apps.resolve(undefined).platform).toBe('weixin')
  })

  it('signs one person in on Douyin and on Alipay through the minting routes, to one account', async () => {
    const phone = newPhone()
    const douyin = await request<Session>(`${bff.url}/api/auth/phone-login`, {
      body: {
        app: DEV_DOUYIN_APPID,
        phoneCode: (await mint<{ code: string }>('douyin', 'phone-code', { phone })).code,
        loginCode: (await mint<{ code: string }>('douyin', 'login-code', { openid: '_000dev' })).code,
      },
    })
    expect(douyin.status, douyin.text).toBe(200)
    const { phoneResponse } = await mint<{ phoneResponse: string }>('alipay', 'phone-code', { phone })
    const alipay = await request<Session>(`${bff.url}/api/auth/phone-login`, {
      body: { app: DEV_ALIPAY_APPID, phoneResponse, loginCode: (await mint<{ code: string }>('alipay', 'login-code', {})).code },
    })
    expect(alipay.status, alipay.text).toBe(200)
    expect(alipay.body.user.id).toBe(douyin.body.user.id)
    const silent = await request<Session>(`${bff.url}/api/auth/silent-login`, {
      body: { app: DEV_DOUYIN_APPID, loginCode: (await mint<{ code: string }>('douyin', 'login-code', { openid: '_000dev' })).code },
    })
    expect(silent.body.user.id).toBe(douyin.body.user.id)
    // The dev apps really called their mocks over HTTP, at the BFF's own address.
    const douyinApp = bff.deps.apps.resolve(DEV_DOUYIN_APPID).client.stats()
    expect(douyinApp).toMatchObject({ token: { ok: 1 }, jscode2session: { ok: 2 }, get_phonenumber_info: { ok: 1 } })
  })

  it('refuses bad bodies on the minting routes with 400 VALIDATION_FAILED', async () => {
    expectError(await request(`${bff.url}/__dev/douyin/phone-code`, { body: { phone: 'nope' } }), 400, 'VALIDATION_FAILED')
    expectError(await request(`${bff.url}/__dev/alipay/phone-code`, { body: {} }), 400, 'VALIDATION_FAILED')
  })
})
