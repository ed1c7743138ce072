import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config'
import { createLogger } from '../src/logger'
import { startMockWechat, type RunningMockWechat } from '../src/platforms/weixin/mock'
import { type RunningServer, startServer } from '../src/server'
import { APP_SECRET, APPID, AUTH_SIGNING_KEYS, logCapture, tempDir } from './support/bff'
import { request } from './support/http'
import { newPhone } from '../testing/phones'

const dir = tempDir('bff-prod-')
let mock: RunningMockWechat
let bff: RunningServer
beforeAll(async () => {
  mock = await startMockWechat({ appid: APPID, secret: APP_SECRET })
  const config = loadConfig({
    NODE_ENV: 'production', PORT: '0', DATA_DIR: dir.path,
    WECHAT_APPID: APPID, WECHAT_SECRET: APP_SECRET, WECHAT_API_BASE: mock.url, AUTH_SIGNING_KEYS,
  })
  bff = await startServer(config, { logger: createLogger({ stream: logCapture().stream }) })
})
afterAll(async () => {
  await bff.close()
  await mock.close()
  dir.remove()
})

describe('production mode', () => {
  it('serves neither the mock WeChat nor the /__dev routes', async () => {
    for (const path of ['/__dev/wechat/login-code', '/__dev/wechat/phone-code', '/__dev/wechat-api/cgi-bin/stable_token', '/__dev/wechat-api/__control/login-code']) {
      const reply = await request(`${bff.url}${path}`, { body: { phone: newPhone(), grant_type: 'client_credential' } })
      expect(reply.status, path).toBe(404)
    }
  })

  it('allows no browser origin without CORS_ORIGINS', async () => {
    const reply = await request(`${bff.url}/api/auth/phone-login`, {
      method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    })
    expect(reply.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('signs in against the configured WeChat', async () => {
    const reply = await request(`${bff.url}/api/auth/phone-login`, { body: { phoneCode: mock.mock.mintPhoneCode(newPhone()) } })
    expect(reply.status).toBe(200)
  })
})
