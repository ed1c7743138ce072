import { afterAll, describe, expect, it } from 'vitest'
import { startMockWechat } from '../../src/platforms/weixin/mock'
import { APP_SECRET, APPID, startTestBff } from '../support/bff'
import { phoneLogin } from '../support/flows'
import { expectError, request } from '../support/http'
import { newPhone } from '../../testing/phones'
import { startTcpProxy } from '../support/tcp-proxy'
import { announceSkipWithoutRedis, deleteKeys, eventually, TEST_REDIS_URL, uniqueKeyPrefix } from './redis-test-env'

announceSkipWithoutRedis('BFF with REDIS_URL')

describe.skipIf(!TEST_REDIS_URL)('the BFF with REDIS_URL', () => {
  const keyPrefix = uniqueKeyPrefix()
  afterAll(() => deleteKeys(TEST_REDIS_URL!, keyPrefix))

  it('two BFFs share the auth rate limit and the access token through Redis', async () => {
    const mock = await startMockWechat({ appid: APPID, secret: APP_SECRET })
    const env = { REDIS_URL: TEST_REDIS_URL!, REDIS_KEY_PREFIX: keyPrefix, AUTH_RATE_LIMIT: '4' }
    const [a, b] = [await startTestBff({ mock, env }), await startTestBff({ mock, env })]
    try {
      expect((await phoneLogin(a, newPhone())).status).toBe(200)
      expect((await phoneLogin(b, newPhone())).status).toBe(200)
      expect(mock.mock.calls().stable_token).toBe(1)
      const logout = (url: string) => request(`${url}/api/auth/logout`, { body: { refreshToken: 'unknown' } })
      expect((await logout(a.url)).status).toBe(204)
      expect((await logout(b.url)).status).toBe(204)
      // Four requests from this address across both instances: the fifth is refused, wherever it lands.
      expectError(await logout(a.url), 429, 'RATE_LIMITED')
      expectError(await logout(b.url), 429, 'RATE_LIMITED')
      expect(a.logs.lines().some((line) => line.msg === 'redis connected')).toBe(true)
    } finally {
      await a.dispose()
      await b.dispose()
      await mock.close()
    }
  })

  it('starts while Redis is unreachable, serves from in-process state, and takes Redis up when it comes', async () => {
    const url = new URL(TEST_REDIS_URL!)
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 6379) })
    await proxy.stop()
    const bff = await startTestBff({ env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_KEY_PREFIX: keyPrefix } })
    try {
      expect((await phoneLogin(bff, newPhone())).status).toBe(200)
      expect((await request(`${bff.url}/healthz`)).status).toBe(200)
      const messages = () => bff.logs.lines().map((line) => line.msg)
      expect(messages()).toContain('starting without redis: token cache and rate limit in-process until it answers')
      expect(messages().filter((msg) => msg === 'redis unreachable; reconnecting in the background')).toHaveLength(1)

      await proxy.start()
      await eventually('reconnected', () => messages().includes('redis reachable again'), 8000)
      await new Promise((resolve) => setTimeout(resolve, 1100)) // the token store retries Redis after 1 s
      expect((await phoneLogin(bff, newPhone())).status).toBe(200)
      expect(messages()).toContain('redis available again, sharing the WeChat access token through it')
    } finally {
      await bff.dispose()
      await proxy.stop()
    }
  })
})

describe.skipIf(!TEST_REDIS_URL)('limits on paid calls across instances', () => {
  const keyPrefix = uniqueKeyPrefix()
  afterAll(() => deleteKeys(TEST_REDIS_URL!, keyPrefix))

  it('two BFFs on one database share the per-account PHONE_CHANGE_LIMIT and the per-number PHONE_LOGIN_LIMIT through Redis', async () => {
    const mock = await startMockWechat({ appid: APPID, secret: APP_SECRET })
    const env = { REDIS_URL: TEST_REDIS_URL!, REDIS_KEY_PREFIX: keyPrefix, PHONE_CHANGE_LIMIT: '3', PHONE_LOGIN_LIMIT: '3' }
    const a = await startTestBff({ mock, env })
    const b = await startTestBff({ mock, env, dataDir: a.dataDir })
    try {
      const openid = `o_shared_limit_${process.pid}`
      const phone = newPhone()
      const signedIn = await phoneLogin(a, phone, openid)
      expect(signedIn.status, signedIn.text).toBe(200)
      const change = (url: string) => request(`${url}/api/me/phone`, {
        token: signedIn.body.accessToken, body: { phoneCode: mock.mock.mintPhoneCode(newPhone()), loginCode: mock.mock.mintLoginCode(openid) },
      })
      expect((await change(a.url)).status).toBe(200)
      expect((await change(b.url)).status).toBe(200)
      expect((await change(a.url)).status).toBe(200)
      const paid = mock.mock.calls().getuserphonenumber
      expectError(await change(b.url), 429, 'RATE_LIMITED')
      expectError(await change(a.url), 429, 'RATE_LIMITED')
      expect(mock.mock.calls().getuserphonenumber).toBe(paid)

      const number = newPhone()
      expect((await phoneLogin(b, number)).status).toBe(200)
      expect((await phoneLogin(a, number)).status).toBe(200)
      expect((await phoneLogin(b, number)).status).toBe(200)
      expectError(await phoneLogin(a, number), 429, 'RATE_LIMITED')
    } finally {
      await b.dispose()
      await a.dispose()
      await mock.close()
    }
  })
})
