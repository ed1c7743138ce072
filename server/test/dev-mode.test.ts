import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { DevCodeResponse, Session, User, WxLoginResponse } from 'shared'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config'
import { createLogger } from '../src/logger'
import { type RunningServer, startServer } from '../src/server'
import { logCapture, tempDir } from './support/bff'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

const dir = tempDir('bff-dev-')
afterAll(() => dir.remove())

/** Dev mode exactly as `pnpm dev` runs it: no credentials, no WECHAT_API_BASE, no AUTH_SIGNING_KEYS. */
function startDevBff(): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', DATA_DIR: dir.path })
  return startServer(config, { logger: createLogger({ stream: logCapture().stream }) })
}

async function mint(url: string, path: 'login-code' | 'phone-code', body: unknown): Promise<string> {
  const reply = await request<DevCodeResponse>(`${url}/__dev/wechat/${path}`, { body })
  expect(reply.status, reply.text).toBe(200)
  return reply.body.code
}

describe('dev mode (no WeChat credentials)', () => {
  let session: Session
  let user: User

  it('serves its own mock WeChat and the /__dev routes, and a full login works through them over HTTP', async () => {
    const bff = await startDevBff()
    try {
      const phone = newPhone()
      const phoneCode = await mint(bff.url, 'phone-code', { phone })
      const loginCode = await mint(bff.url, 'login-code', { openid: 'o_dev_user' })
      const login = await request<Session>(`${bff.url}/api/auth/phone-login`, { body: { phoneCode, loginCode } })
      expect(login.status, login.text).toBe(200)
      expect(login.body.user.wechatLinked).toBe(true)
      session = login.body
      user = login.body.user
      const back = await request<WxLoginResponse>(`${bff.url}/api/auth/wx-login`, { body: { loginCode: await mint(bff.url, 'login-code', { openid: 'o_dev_user' }) } })
      expect(back.body).toMatchObject({ user: { id: user.id } })
      const stranger = await request<WxLoginResponse>(`${bff.url}/api/auth/wx-login`, { body: { loginCode: await mint(bff.url, 'login-code', {}) } })
      expect(stranger.body).toEqual({ registered: false })
      // The BFF really called WeChat over HTTP, at its own address.
      const stats = bff.deps.apps.all[0]!.client.stats()
      expect(stats.stable_token?.ok).toBe(1)
      expect(stats.jscode2session?.ok).toBe(3)
      expect(stats.getuserphonenumber?.ok).toBe(1)
      expect((await request(`${bff.url}/__dev/wechat-api/cgi-bin/stable_token`, { body: {} })).status).toBe(200)
    } finally {
      await bff.close()
    }
  })

  it('refuses bad /__dev bodies with 400 VALIDATION_FAILED', async () => {
    const bff = await startDevBff()
    try {
      expectError(await request(`${bff.url}/__dev/wechat/phone-code`, { body: {} }), 400, 'VALIDATION_FAILED')
      expectError(await request(`${bff.url}/__dev/wechat/phone-code`, { body: { phone: 'call me' } }), 400, 'VALIDATION_FAILED')
      // Plausible digits, but not a number WeChat could hand out (a +86 number must be a mobile one).
      expectError(await request(`${bff.url}/__dev/wechat/phone-code`, { body: { phone: '12345' } }), 400, 'VALIDATION_FAILED')
      expectError(await request(`${bff.url}/__dev/wechat/login-code`, { body: { openid: 'a b' } }), 400, 'VALIDATION_FAILED')
      expectError(await request(`${bff.url}/__dev/wechat/login-code`, { rawBody: '[]' }), 400, 'VALIDATION_FAILED')
    } finally {
      await bff.close()
    }
  })

  it('keeps accounts and sessions across a restart: the refresh token and the access token still work', async () => {
    const bff = await startDevBff()
    try {
      const me = await request<User>(`${bff.url}/api/me`, { token: session.accessToken })
      expect(me.status).toBe(200)
      expect(me.body).toEqual(user)
      const refreshed = await request<Session>(`${bff.url}/api/auth/refresh`, { body: { refreshToken: session.refreshToken } })
      expect(refreshed.status).toBe(200)
      expect(refreshed.body.user).toEqual(user)
    } finally {
      await bff.close()
    }
  })

  it('keeps the generated signing key in DATA_DIR, readable by its owner only', () => {
    const mode = statSync(join(dir.path, 'signing-key.pem')).mode & 0o777
    expect(mode).toBe(0o600)
  })

  it('can be told the phone quota is used up: the minted "button" then answers errno 1400001, and nothing is billed', async () => {
    const bff = await startDevBff()
    try {
      const quota = (body?: object) => request<{ exhausted: boolean }>(`${bff.url}/__dev/wechat/quota`, body ? { body } : {})
      expect((await quota()).body).toEqual({ exhausted: false })
      expect((await quota({ exhausted: true })).body).toEqual({ exhausted: true })
      const before = bff.deps.apps.all[0]!.client.stats().getuserphonenumber
      const minted = await request(`${bff.url}/__dev/wechat/phone-code`, { body: { phone: newPhone() } })
      expect(minted.body).toEqual({ errno: 1400001, errMsg: 'getPhoneNumber:fail no quota' })
      expect(bff.deps.apps.all[0]!.client.stats().getuserphonenumber).toEqual(before)
      expectError(await quota({ exhausted: 'yes' }), 400, 'VALIDATION_FAILED')
      expect((await quota({ exhausted: false })).body).toEqual({ exhausted: false })
      expect(await mint(bff.url, 'phone-code', { phone: newPhone() })).toEqual(expect.any(String))
    } finally {
      await bff.close()
    }
  })
})
