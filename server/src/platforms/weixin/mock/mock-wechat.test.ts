import { $fetch, type FetchOptions } from 'ofetch'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeClock } from '../../../../test/support/fake-clock'
import { startMockWechat, type RunningMockWechat } from './start-mock-wechat'

const APPID = 'wx0123456789abcdef'
const SECRET = 'a'.repeat(32)
const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/

type Json = Record<string, unknown>

let clock: ReturnType<typeof fakeClock>
let running: RunningMockWechat
// Parse every body as JSON whatever the content-type (jscode2session says text/plain, like WeChat).
let wx: <T = Json>(path: string, opts?: FetchOptions<'json'>) => Promise<T>

beforeEach(async () => {
  clock = fakeClock()
  running = await startMockWechat({ appid: APPID, secret: SECRET, clock })
  const client = $fetch.create({ baseURL: running.url, retry: 0, parseResponse: JSON.parse })
  wx = (path, opts) => client(path, opts)
})

afterEach(async () => {
  await running.close()
})

const stable = (body: Json = {}) =>
  wx('/cgi-bin/stable_token', {
    method: 'POST',
    body: { grant_type: 'client_credential', appid: APPID, secret: SECRET, ...body },
  })
const classic = (query: Json = {}) =>
  wx('/cgi-bin/token', { query: { grant_type: 'client_credential', appid: APPID, secret: SECRET, ...query } })
const session = (code: string, query: Json = {}) =>
  wx('/sns/jscode2session', {
    query: { appid: APPID, secret: SECRET, js_code: code, grant_type: 'authorization_code', ...query },
  })
const phone = (token: string, code: string) =>
  wx('/wxa/business/getuserphonenumber', { method: 'POST', query: { access_token: token }, body: { code } })

async function tokenFrom(call: Promise<Json>): Promise<string> {
  const body = await call
  expect(typeof body.access_token).toBe('string')
  return body.access_token as string
}

function expectError(body: Json, errcode: number): void {
  expect(body.errcode).toBe(errcode)
  expect(body.errmsg).toMatch(RID)
}

describe('stable_token', () => {
  it('returns the same token with its remaining lifetime, and no errcode', async () => {
    const first = await stable()
    expect(first).toEqual({ access_token: expect.any(String), expires_in: 7200 })
    clock.advance(1000 * 1000)
    const second = await stable()
    expect(second).toEqual({ access_token: first.access_token, expires_in: 6200 })
  })

  it('rotates in the last 5 minutes and keeps the old token valid 5 more minutes', async () => {
    const old = await tokenFrom(stable())
    clock.advance((7200 - 301) * 1000)
    expect(await tokenFrom(stable())).toBe(old) // 301 s left: not yet
    clock.advance(101 * 1000)
    const fresh = await tokenFrom(stable()) // 200 s left: rotated
    expect(fresh).not.toBe(old)
    clock.advance(250 * 1000) // past the old token's own expiry, inside the 5 minutes
    expect((await phone(old, running.mock.mintPhoneCode('13800138000'))).errcode).toBe(0)
    clock.advance(50 * 1000)
    expectError(await phone(old, running.mock.mintPhoneCode('13800138000')), 42001)
    expect((await phone(fresh, running.mock.mintPhoneCode('13800138000'))).errcode).toBe(0)
  })

  it('force_refresh invalidates the previous token at once, at most every 30 s and 20 times a day', async () => {
    const old = await tokenFrom(stable())
    const forced = await tokenFrom(stable({ force_refresh: true }))
    expect(forced).not.toBe(old)
    expectError(await phone(old, running.mock.mintPhoneCode('13800138000')), 40001)
    // Inside 30 s a force call does not refresh.
    clock.advance(10_000)
    expect(await tokenFrom(stable({ force_refresh: true }))).toBe(forced)
    for (let i = 2; i <= 20; i++) {
      clock.advance(30_000)
      expect(await tokenFrom(stable({ force_refresh: true }))).not.toBe(forced)
    }
    clock.advance(30_000)
    expectError(await stable({ force_refresh: true }), 45009)
    // Normal mode still works.
    expect((await stable()).access_token).toEqual(expect.any(String))
  })

  it('is isolated from /cgi-bin/token', async () => {
    const s = await tokenFrom(stable())
    await classic()
    await classic()
    expect((await phone(s, running.mock.mintPhoneCode('13800138000'))).errcode).toBe(0)
    expect(await tokenFrom(stable())).toBe(s)
  })

  it('answers 43002 to anything but POST, and checks credentials', async () => {
    expectError(await wx('/cgi-bin/stable_token'), 43002)
    expectError(await stable({ appid: undefined }), 41002)
    expectError(await stable({ appid: 'wxother' }), 40013)
    expectError(await stable({ secret: undefined }), 41004)
    expectError(await stable({ secret: 'b'.repeat(32) }), 40125)
    expectError(await stable({ grant_type: 'password' }), 40002)
    expectError(await wx('/cgi-bin/stable_token', { method: 'POST', body: 'not json' }), 47001)
  })
})

describe('/cgi-bin/token', () => {
  it('issues a new token per call; the previous stays valid 5 minutes, the one before dies', async () => {
    const t1 = await classic()
    expect(t1).toEqual({ access_token: expect.any(String), expires_in: 7200 })
    const t2 = await tokenFrom(classic())
    const t3 = await tokenFrom(classic())
    expect(new Set([t1.access_token, t2, t3]).size).toBe(3)
    expectError(await phone(t1.access_token as string, running.mock.mintPhoneCode('13800138000')), 40001)
    expect((await phone(t2, running.mock.mintPhoneCode('13800138000'))).errcode).toBe(0)
    clock.advance(5 * 60_000)
    expectError(await phone(t2, running.mock.mintPhoneCode('13800138000')), 40001)
    expect((await phone(t3, running.mock.mintPhoneCode('13800138000'))).errcode).toBe(0)
  })

  it('expires after 7200 s (42001); unknown tokens get 40001, missing ones 41001', async () => {
    const t = await tokenFrom(classic())
    clock.advance(7200 * 1000)
    expectError(await phone(t, running.mock.mintPhoneCode('13800138000')), 42001)
    expectError(await phone('made-up', running.mock.mintPhoneCode('13800138000')), 40001)
    expectError(await wx('/wxa/business/getuserphonenumber', { method: 'POST', body: { code: 'x' } }), 41001)
  })

  it('checks credentials', async () => {
    expectError(await classic({ appid: undefined }), 41002)
    expectError(await classic({ appid: 'wxother' }), 40013)
    expectError(await classic({ secret: undefined }), 41004)
    expectError(await classic({ secret: 'wrong' }), 40125)
  })
})

describe('jscode2session', () => {
  it('exchanges a login code once, for a stable identity, ignoring extra parameters', async () => {
    const code = running.mock.mintLoginCode('o-alice', { unionid: 'u-alice' })
    const res = await session(code, { access_token: 'whatever-an-sdk-appends' })
    expect(res).toEqual({ openid: 'o-alice', unionid: 'u-alice', session_key: expect.any(String) })
    expect(res).not.toHaveProperty('errcode')
    expectError(await session(code), 40163)
    const again = await session(running.mock.mintLoginCode('o-alice'))
    expect(again).toMatchObject({ openid: 'o-alice', unionid: 'u-alice' })
    expect(again.session_key).not.toBe(res.session_key)
  })

  it('gives a fresh unique openid (and no unionid) to a code minted without one', async () => {
    const a = await session(running.mock.mintLoginCode())
    const b = await session(running.mock.mintLoginCode())
    expect(a.openid).toMatch(/^o[\w-]{27}$/)
    expect(a.openid).not.toBe(b.openid)
    expect(a).not.toHaveProperty('unionid')
  })

  it('rejects expired codes, codes of another app, phone codes and bad credentials', async () => {
    const code = running.mock.mintLoginCode()
    clock.advance(5 * 60_000)
    expectError(await session(code), 40029)
    expectError(await session(running.mock.mintLoginCode(undefined, { appid: 'wxother' })), 40013)
    expectError(await session(running.mock.mintPhoneCode('13800138000')), 40029)
    expectError(await session('never-issued'), 40029)
    expectError(await session(running.mock.mintLoginCode(), { secret: 'wrong' }), 40125)
    expectError(await session(running.mock.mintLoginCode(), { appid: 'wxother' }), 40013)
    expectError(await session(running.mock.mintLoginCode(), { appid: undefined }), 41002)
    expectError(await session(running.mock.mintLoginCode(), { secret: undefined }), 41004)
  })

  it('a code just under 5 minutes old still works', async () => {
    const code = running.mock.mintLoginCode()
    clock.advance(5 * 60_000 - 1)
    expect(await session(code)).toHaveProperty('openid')
  })
})

describe('getuserphonenumber', () => {
  it('answers errcode 0 with phone_info and watermark, once per code', async () => {
    const token = await tokenFrom(stable())
    const issuedAt = clock.now()
    const code = running.mock.mintPhoneCode('+8613800138000')
    clock.advance(20_000)
    expect(await phone(token, code)).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13800138000',
        purePhoneNumber: '13800138000',
        countryCode: '86',
        watermark: { timestamp: Math.floor(issuedAt / 1000), appid: APPID },
      },
    })
    expectError(await phone(token, code), 40029)
  })

  it('formats foreign numbers with their country code', async () => {
    const token = await tokenFrom(stable())
    const res = await phone(token, running.mock.mintPhoneCode('+85261234567'))
    expect(res.phone_info).toMatchObject({ phoneNumber: '+85261234567', purePhoneNumber: '61234567', countryCode: '852' })
  })

  it('rejects expired codes, login codes, codes of another app; reports a foreign watermark as is', async () => {
    const token = await tokenFrom(stable())
    const code = running.mock.mintPhoneCode('13800138000')
    clock.advance(5 * 60_000)
    expectError(await phone(token, code), 40029)
    expectError(await phone(token, running.mock.mintLoginCode()), 40029)
    expectError(await phone(token, running.mock.mintPhoneCode('13800138000', { appid: 'wxother' })), 40013)
    const foreign = await phone(token, running.mock.mintPhoneCode('13800138000', { watermarkAppid: 'wxother' }))
    expect(foreign).toMatchObject({ errcode: 0, phone_info: { watermark: { appid: 'wxother' } } })
  })

  it('checks the token before the code, so a token error does not consume the code', async () => {
    const code = running.mock.mintPhoneCode('13800138000')
    expectError(await phone('stale', code), 40001)
    expect((await phone(await tokenFrom(stable()), code)).errcode).toBe(0)
  })

  it('answers 43002 to GET and 47001 to a body without code', async () => {
    const token = await tokenFrom(stable())
    expectError(await wx('/wxa/business/getuserphonenumber', { query: { access_token: token } }), 43002)
    expectError(await wx('/wxa/business/getuserphonenumber', { method: 'POST', query: { access_token: token }, body: {} }), 47001)
  })
})

describe('faults, counts and control routes', () => {
  it('counts calls per endpoint and injects errcodes for the given number of calls', async () => {
    running.mock.failNext('stable_token', 45011, 2)
    expectError(await stable(), 45011)
    expectError(await stable(), 45011)
    expect(await stable()).toHaveProperty('access_token')
    await classic()
    running.mock.failNext('jscode2session', '40029')
    expect(await session('x')).toMatchObject({ errcode: '40029', errmsg: expect.stringMatching(RID) })
    expect(running.mock.calls()).toEqual({ token: 1, stable_token: 3, jscode2session: 1, getuserphonenumber: 0 })
  })

  it('answers garbage, empty JSON and HTTP 500', async () => {
    running.mock.failNext('jscode2session', 'garbage')
    running.mock.failNext('getuserphonenumber', 'http500')
    running.mock.failNext('stable_token', 'empty')
    const raw = await $fetch.raw(`${running.url}/sns/jscode2session`, { responseType: 'text' })
    expect(raw.status).toBe(200)
    expect(() => JSON.parse(raw._data as string)).toThrow()
    const err = await $fetch.raw(`${running.url}/wxa/business/getuserphonenumber`, {
      method: 'POST', ignoreResponseError: true, responseType: 'text',
    })
    expect(err.status).toBe(500)
    expect(await stable()).toEqual({})
  })

  it("'timeout' holds the request until the mock closes", async () => {
    running.mock.failNext('getuserphonenumber', 'timeout')
    const started = Date.now()
    await expect(
      $fetch(`${running.url}/wxa/business/getuserphonenumber`, { method: 'POST', timeout: 300, retry: 0 }),
    ).rejects.toThrow(/aborted|timeout/i)
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    running.mock.failNext('getuserphonenumber', 'timeout')
    const hanging = $fetch(`${running.url}/wxa/business/getuserphonenumber`, { method: 'POST', retry: 0 }).catch((e: Error) => e)
    await new Promise((r) => setTimeout(r, 50))
    await running.close() // must not wait for the hung request
    expect(await hanging).toBeDefined()
  })

  it('serves the control routes', async () => {
    const { code } = await wx<{ code: string }>('/__control/login-code', { method: 'POST', body: { openid: 'o-bob' } })
    expect(await session(code)).toMatchObject({ openid: 'o-bob' })
    const phoneCode = (await wx<{ code: string }>('/__control/phone-code', { method: 'POST', body: { phone: '13900139000' } })).code
    expect((await phone(await tokenFrom(stable()), phoneCode)).phone_info).toMatchObject({ purePhoneNumber: '13900139000' })
    await wx('/__control/fail', { method: 'POST', body: { endpoint: 'jscode2session', fault: -1 } })
    expectError(await session('anything'), -1)
    expect(await wx('/__control/calls')).toEqual({ token: 0, stable_token: 1, jscode2session: 2, getuserphonenumber: 1 })
    await wx('/__control/reset', { method: 'POST' })
    expect(await wx('/__control/calls')).toEqual({ token: 0, stable_token: 0, jscode2session: 0, getuserphonenumber: 0 })
  })

  it('refuses bad control input with 400 and changes nothing', async () => {
    const post = (path: string, body: unknown) =>
      $fetch.raw(`${running.url}${path}`, { method: 'POST', body: body as Json, ignoreResponseError: true })
    expect((await post('/__control/phone-code', { phone: 'abc' })).status).toBe(400)
    expect((await post('/__control/phone-code', {})).status).toBe(400)
    expect((await post('/__control/fail', { endpoint: 'nope', fault: -1 })).status).toBe(400)
    expect((await post('/__control/fail', { endpoint: 'token', fault: 'explode' })).status).toBe(400)
    expect((await post('/__control/fail', { endpoint: 'token', fault: -1, times: 0 })).status).toBe(400)
    expect((await post('/__control/login-code', { openid: 5 })).status).toBe(400)
    expect(await classic()).toHaveProperty('access_token')
  })

  it('reset forgets tokens and codes', async () => {
    const token = await tokenFrom(stable())
    const code = running.mock.mintPhoneCode('13800138000')
    running.mock.reset()
    expectError(await phone(token, running.mock.mintPhoneCode('13800138000')), 40001)
    expectError(await phone(await tokenFrom(stable()), code), 40029)
  })
})
