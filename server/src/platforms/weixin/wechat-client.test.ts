import { afterEach, describe, expect, it } from 'vitest'
import type { Fault } from './mock'
import { APPID, SECRET, startWechatPair } from '../../../test/support/wechat-pair'
import { createWechatClient } from './wechat-client'

let pair: Awaited<ReturnType<typeof startWechatPair>>

afterEach(async () => {
  await pair.wechat.close()
})

describe('code2Session', () => {
  it('returns openid and unionid, never session_key', async () => {
    pair = await startWechatPair()
    const identity = await pair.client.code2Session(pair.mock.mintLoginCode('o-alice', { unionid: 'u-alice' }))
    expect(identity).toEqual({ openid: 'o-alice', unionid: 'u-alice' })
    expect(await pair.client.code2Session(pair.mock.mintLoginCode('o-bob'))).toEqual({ openid: 'o-bob' })
    expect(pair.client.stats().jscode2session).toEqual({ ok: 2 })
  })

  it('maps a used, expired or foreign-kind code to LOGIN_CODE_INVALID', async () => {
    pair = await startWechatPair()
    const code = pair.mock.mintLoginCode()
    await pair.client.code2Session(code)
    await expect(pair.client.code2Session(code)).rejects.toMatchObject({ code: 'LOGIN_CODE_INVALID', status: 400 })
    const old = pair.mock.mintLoginCode()
    pair.clock.advance(5 * 60_000)
    await expect(pair.client.code2Session(old)).rejects.toMatchObject({ code: 'LOGIN_CODE_INVALID' })
    await expect(pair.client.code2Session(pair.mock.mintPhoneCode('13800138000'))).rejects.toMatchObject({ code: 'LOGIN_CODE_INVALID' })
    expect(pair.client.stats().jscode2session).toEqual({ ok: 1, rejected: 3 })
  })

  it('maps 40226 to LOGIN_BLOCKED and a string errcode like a number', async () => {
    pair = await startWechatPair()
    pair.mock.failNext('jscode2session', 40226)
    await expect(pair.client.code2Session(pair.mock.mintLoginCode())).rejects.toMatchObject({ code: 'LOGIN_BLOCKED', status: 403 })
    pair.mock.failNext('jscode2session', '40029')
    await expect(pair.client.code2Session(pair.mock.mintLoginCode())).rejects.toMatchObject({ code: 'LOGIN_CODE_INVALID' })
    pair.mock.failNext('jscode2session', '-1')
    await expect(pair.client.code2Session(pair.mock.mintLoginCode())).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
  })

  it('maps rejected credentials to WECHAT_MISCONFIGURED', async () => {
    pair = await startWechatPair({ secret: 'wrong-secret' })
    await expect(pair.client.code2Session(pair.mock.mintLoginCode())).rejects.toMatchObject({ code: 'WECHAT_MISCONFIGURED', status: 500 })
    const otherApp = createWechatClient({ appid: 'wx-not-ours', secret: SECRET, apiBase: pair.wechat.url, clock: pair.clock })
    await expect(otherApp.code2Session(pair.mock.mintLoginCode())).rejects.toMatchObject({ code: 'WECHAT_MISCONFIGURED' })
    for (const errcode of [40164, 41002, 41004, 40243, 48001]) {
      pair.mock.failNext('jscode2session', errcode)
      await expect(pair.client.code2Session('x')).rejects.toMatchObject({ code: 'WECHAT_MISCONFIGURED' })
    }
  })

  it.each<Fault>([-1, 45009, 45011, 99999, 'garbage', 'empty', 'http500'])(
    '%s → WECHAT_UNAVAILABLE, the code sent once',
    async (fault) => {
      pair = await startWechatPair()
      pair.mock.failNext('jscode2session', fault)
      await expect(pair.client.code2Session(pair.mock.mintLoginCode())).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE', status: 503 })
      expect(pair.mock.calls().jscode2session).toBe(1)
      expect(pair.client.stats().jscode2session).toEqual({ unavailable: 1 })
    },
  )

  it('times out → WECHAT_UNAVAILABLE without resending the code', async () => {
    pair = await startWechatPair({ timeoutMs: 200 })
    pair.mock.failNext('jscode2session', 'timeout')
    const started = performance.now()
    await expect(pair.client.code2Session(pair.mock.mintLoginCode())).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(pair.mock.calls().jscode2session).toBe(1)
  })

  it('sends a code once even when the same code arrives twice at the same time', async () => {
    pair = await startWechatPair()
    const code = pair.mock.mintLoginCode('o-carol')
    const [a, b] = await Promise.all([pair.client.code2Session(code), pair.client.code2Session(code)])
    expect(a).toEqual({ openid: 'o-carol' })
    expect(b).toEqual(a)
    expect(pair.mock.calls().jscode2session).toBe(1)
  })
})

describe('getPhoneNumber', () => {
  it('returns the number, fetching the token lazily from stable_token', async () => {
    pair = await startWechatPair()
    expect(pair.mock.calls()).toMatchObject({ stable_token: 0 })
    const info = await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('+8613800138000'))
    expect(info).toEqual({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' })
    await pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13900139000'))
    expect(pair.mock.calls()).toEqual({ token: 0, stable_token: 1, jscode2session: 0, getuserphonenumber: 2 })
    expect(pair.client.stats()).toEqual({ stable_token: { ok: 1 }, jscode2session: {}, getuserphonenumber: { ok: 2 } })
  })

  it('maps used, expired, login and foreign-app codes to PHONE_CODE_INVALID', async () => {
    pair = await startWechatPair()
    const code = pair.mock.mintPhoneCode('13800138000')
    await pair.client.getPhoneNumber(code)
    await expect(pair.client.getPhoneNumber(code)).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID', status: 400 })
    await expect(pair.client.getPhoneNumber(pair.mock.mintLoginCode())).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' })
    await expect(pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000', { appid: 'wx-other' })))
      .rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' })
    const old = pair.mock.mintPhoneCode('13800138000')
    pair.clock.advance(5 * 60_000)
    await expect(pair.client.getPhoneNumber(old)).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' })
  })

  it('refuses a phone_info whose watermark names another app', async () => {
    pair = await startWechatPair()
    const code = pair.mock.mintPhoneCode('13800138000', { watermarkAppid: 'wx-someone-else' })
    await expect(pair.client.getPhoneNumber(code)).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' })
    expect(pair.client.stats().getuserphonenumber).toEqual({ rejected: 1 })
  })

  it('reads a string errcode', async () => {
    pair = await startWechatPair()
    pair.mock.failNext('getuserphonenumber', '40029')
    await expect(pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))).rejects.toMatchObject({ code: 'PHONE_CODE_INVALID' })
  })

  it.each<Fault>([-1, 45009, 45011, 'garbage', 'empty', 'http500'])(
    '%s → WECHAT_UNAVAILABLE, the code sent once',
    async (fault) => {
      pair = await startWechatPair()
      pair.mock.failNext('getuserphonenumber', fault)
      await expect(pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
      expect(pair.mock.calls().getuserphonenumber).toBe(1)
    },
  )

  it('times out → WECHAT_UNAVAILABLE without resending the code', async () => {
    pair = await startWechatPair({ timeoutMs: 200 })
    pair.mock.failNext('getuserphonenumber', 'timeout')
    await expect(pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    expect(pair.mock.calls().getuserphonenumber).toBe(1)
    expect(pair.client.stats().getuserphonenumber).toEqual({ unavailable: 1 })
  })

  it.each<[Fault, string]>([
    [40013, 'WECHAT_MISCONFIGURED'], [40125, 'WECHAT_MISCONFIGURED'], [40001, 'WECHAT_MISCONFIGURED'],
    [40164, 'WECHAT_MISCONFIGURED'], [41002, 'WECHAT_MISCONFIGURED'], [41004, 'WECHAT_MISCONFIGURED'],
    [40243, 'WECHAT_MISCONFIGURED'], [48001, 'WECHAT_MISCONFIGURED'],
    [-1, 'WECHAT_UNAVAILABLE'], [45009, 'WECHAT_UNAVAILABLE'], [45011, 'WECHAT_UNAVAILABLE'],
    ['garbage', 'WECHAT_UNAVAILABLE'], ['empty', 'WECHAT_UNAVAILABLE'], ['http500', 'WECHAT_UNAVAILABLE'],
  ])('stable_token %s → %s, and the phone code is never sent', async (fault, code) => {
    pair = await startWechatPair()
    pair.mock.failNext('stable_token', fault)
    const phoneCode = pair.mock.mintPhoneCode('13800138000')
    await expect(pair.client.getPhoneNumber(phoneCode)).rejects.toMatchObject({ code })
    expect(pair.mock.calls().getuserphonenumber).toBe(0)
    // The next call tries again, and the unsent code still works.
    expect(await pair.client.getPhoneNumber(phoneCode)).toMatchObject({ purePhoneNumber: '13800138000' })
  })

  it('maps real credential rejections from stable_token to WECHAT_MISCONFIGURED', async () => {
    pair = await startWechatPair({ secret: 'wrong-secret' })
    await expect(pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))).rejects.toMatchObject({ code: 'WECHAT_MISCONFIGURED' })
    const otherApp = createWechatClient({ appid: 'wx-not-ours', secret: SECRET, apiBase: pair.wechat.url, clock: pair.clock })
    await expect(otherApp.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'))).rejects.toMatchObject({ code: 'WECHAT_MISCONFIGURED' })
    expect(pair.client.stats().stable_token).toEqual({ misconfigured: 1 })
  })
})

describe('base URL and start-up', () => {
  it('uses apiBase for every endpoint, including one with a path', async () => {
    const { Hono } = await import('hono')
    const { serve } = await import('@hono/node-server')
    const { createMockWechat } = await import('./mock')
    const mock = createMockWechat({ appid: APPID, secret: SECRET })
    const parent = new Hono().route('/wechat-mock', mock.app)
    const server = serve({ fetch: parent.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    const port = (server.address() as { port: number }).port
    try {
      const client = createWechatClient({ appid: APPID, secret: SECRET, apiBase: `http://127.0.0.1:${port}/wechat-mock/` })
      expect(await client.code2Session(mock.mintLoginCode('o-dan'))).toEqual({ openid: 'o-dan' })
      expect(await client.getPhoneNumber(mock.mintPhoneCode('13800138000'))).toMatchObject({ countryCode: '86' })
      expect(mock.calls()).toMatchObject({ stable_token: 1, jscode2session: 1, getuserphonenumber: 1 })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('is created while WeChat is down, answers WECHAT_UNAVAILABLE, and works once WeChat is back', async () => {
    pair = await startWechatPair()
    const port = Number(new URL(pair.wechat.url).port)
    await pair.wechat.close()
    const client = createWechatClient({ appid: APPID, secret: SECRET, apiBase: pair.wechat.url, timeoutMs: 500 })
    await expect(client.getPhoneNumber('abcd')).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    await expect(client.code2Session('abcd')).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    const { startMockWechat } = await import('./mock')
    pair = { ...pair, wechat: await startMockWechat({ appid: APPID, secret: SECRET, port }) }
    expect(await client.getPhoneNumber(pair.wechat.mock.mintPhoneCode('13800138000'))).toMatchObject({ countryCode: '86' })
  })
})

describe('the request deadline (CallContext.deadline)', () => {
  it('cuts each call to what is left of it, and sends nothing once it has passed', async () => {
    pair = await startWechatPair({ timeoutMs: 5000 })
    const past = { reqId: 'r', deadline: pair.clock.now() - 1 }
    await expect(pair.client.code2Session(pair.mock.mintLoginCode(), past)).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    await expect(pair.client.getPhoneNumber(pair.mock.mintPhoneCode('13800138000'), past)).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    expect(pair.mock.calls()).toMatchObject({ jscode2session: 0, getuserphonenumber: 0, stable_token: 0 })
    expect(pair.client.stats().jscode2session).toEqual({})

    pair.mock.failNext('jscode2session', 'timeout')
    const started = performance.now()
    await expect(pair.client.code2Session(pair.mock.mintLoginCode(), { deadline: pair.clock.now() + 300 })).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' })
    expect(performance.now() - started).toBeLessThan(2000)
    pair.mock.releaseHung()
  })
})
