import type { Session, User } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APPID, startTestBff, type TestBff } from './support/bff'
import { countRows } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'
import { ALIPAY_APPID, DOUYIN_APPID, startPlatformMocks } from './support/platform-mocks'

// One BFF serving a WeChat app (WECHAT_APPID), a Douyin app and an Alipay app (APPS_FILE), each platform a
// mock on its own real port, as the contract's "Apps and platforms" describes.
let bff: TestBff
let mocks: Awaited<ReturnType<typeof startPlatformMocks>>

beforeAll(async () => {
  mocks = await startPlatformMocks()
  bff = await startTestBff({ env: mocks.env })
})
afterAll(async () => {
  await bff?.dispose()
  await mocks?.close()
})

const post = <T>(path: string, body: unknown) => request<T>(`${bff.url}${path}`, { body })
const me = async (accessToken: string) => (await request<User>(`${bff.url}/api/me`, { token: accessToken })).body

function weixinLogin(phone: string, openid: string) {
  return post<Session>('/api/auth/phone-login', { app: APPID, phoneCode: bff.mock.mock.mintPhoneCode(phone), loginCode: bff.mock.mock.mintLoginCode(openid) })
}
function douyinLogin(phone: string, openid: string, unionid?: string) {
  return post<Session>('/api/auth/phone-login', {
    app: DOUYIN_APPID, phoneCode: mocks.douyin.mintPhoneCode(phone), loginCode: mocks.douyin.mintLoginCode(openid, { unionid }),
  })
}
function alipayLogin(phone: string, user: string, phoneResponse = mocks.alipay.mintPhoneResponse(phone)) {
  return post<Session>('/api/auth/phone-login', { app: ALIPAY_APPID, phoneResponse, loginCode: mocks.alipay.mintLoginCode(user) })
}
const uid = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 12)}`

describe('one account for one number across WeChat, Douyin and Alipay', () => {
  it('links the caller on each platform to the number\'s account, and each signs back in silently', async () => {
    const phone = newPhone()
    const [openid, douyinUser, alipayUser] = [uid('o'), uid('_000'), uid('074')]
    const wx = await weixinLogin(phone, openid)
    expect(wx.status, wx.text).toBe(200)
    const dy = await douyinLogin(phone, douyinUser)
    expect(dy.status, dy.text).toBe(200)
    const ali = await alipayLogin(phone, alipayUser)
    expect(ali.status, ali.text).toBe(200)
    expect(new Set([wx.body.user.id, dy.body.user.id, ali.body.user.id]).size).toBe(1)
    const user = await me(ali.body.accessToken)
    expect(user.identities).toEqual([
      { platform: 'alipay', app: ALIPAY_APPID },
      { platform: 'douyin', app: DOUYIN_APPID },
      { platform: 'weixin', app: APPID },
    ])
    expect(user.wechatLinked).toBe(true)
    expect(user.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`)

    // Silent login on each platform's app: the same account, no paid call.
    const douyinBefore = mocks.douyin.calls().get_phonenumber_info
    const silentDy = await post<Session>('/api/auth/silent-login', { app: DOUYIN_APPID, loginCode: mocks.douyin.mintLoginCode(douyinUser) })
    const silentAli = await post<Session>('/api/auth/silent-login', { app: ALIPAY_APPID, loginCode: mocks.alipay.mintLoginCode(alipayUser) })
    expect([silentDy.status, silentAli.status]).toEqual([200, 200])
    expect([silentDy.body.user.id, silentAli.body.user.id]).toEqual([wx.body.user.id, wx.body.user.id])
    expect(mocks.douyin.calls().get_phonenumber_info).toBe(douyinBefore)
  })

  it('silent login of an unknown Douyin or Alipay user creates nothing', async () => {
    const before = await countRows(bff)
    const dy = await post('/api/auth/silent-login', { app: DOUYIN_APPID, loginCode: mocks.douyin.mintLoginCode(uid('_000')) })
    const ali = await post('/api/auth/silent-login', { app: ALIPAY_APPID, loginCode: mocks.alipay.mintLoginCode(uid('074')) })
    expect([dy.body, ali.body]).toEqual([{ registered: false }, { registered: false }])
    expect(await countRows(bff)).toEqual(before)
  })
})

describe('Alipay\'s phone response (replayable: no nonce)', () => {
  it('needs a loginCode: without one it is 400 and nothing is called or written', async () => {
    const before = await countRows(bff)
    const calls = mocks.alipay.calls()['alipay.system.oauth.token']
    const reply = await post('/api/auth/phone-login', { app: ALIPAY_APPID, phoneResponse: mocks.alipay.mintPhoneResponse(newPhone()) })
    expectError(reply, 400, 'VALIDATION_FAILED')
    expect(await countRows(bff)).toEqual(before)
    expect(mocks.alipay.calls()['alipay.system.oauth.token']).toBe(calls)
  })

  it('never moves the account away from another Alipay user of the same app: 409 PHONE_TAKEN', async () => {
    const phone = newPhone()
    const holder = uid('074')
    const first = await alipayLogin(phone, holder)
    expect(first.status, first.text).toBe(200)
    const before = await countRows(bff)
    // Someone who saw the response replays it with their own Alipay login.
    const replayed = await alipayLogin(phone, uid('074'))
    expectError(replayed, 409, 'PHONE_TAKEN')
    expect(await countRows(bff)).toEqual(before)
    const holderBack = await post<Session>('/api/auth/silent-login', { app: ALIPAY_APPID, loginCode: mocks.alipay.mintLoginCode(holder) })
    expect(holderBack.body.user.id).toBe(first.body.user.id)
    // The holder proving the number again is fine.
    expect((await alipayLogin(phone, holder)).body.user.id).toBe(first.body.user.id)
  })

  it('lets only one of two Alipay users racing with one response for a new number have it', async () => {
    const phone = newPhone()
    const response = mocks.alipay.mintPhoneResponse(phone)
    const replies = await Promise.all([alipayLogin(phone, uid('074'), response), alipayLogin(phone, uid('074'), response)])
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409])
    const winner = replies.find((r) => r.status === 200)!
    expect((await me(winner.body.accessToken)).identities).toEqual([{ platform: 'alipay', app: ALIPAY_APPID }])
  })

  it('refuses a tampered response as 400 PHONE_CODE_INVALID, writing nothing', async () => {
    const before = await countRows(bff)
    const good = JSON.parse(mocks.alipay.mintPhoneResponse(newPhone())) as { response: string }
    const tampered = JSON.stringify({ ...good, response: `${good.response.slice(0, -6)}AAAA==` })
    expectError(await alipayLogin('', uid('074'), tampered), 400, 'PHONE_CODE_INVALID')
    expect(await countRows(bff)).toEqual(before)
  })
})

describe('an Alipay account\'s own actions', () => {
  it('changes its number with a phoneResponse and the linked user\'s loginCode, and deletes itself with one', async () => {
    const user = uid('074')
    const login = await alipayLogin(newPhone(), user)
    expect(login.status, login.text).toBe(200)
    const token = login.body.accessToken
    const next = newPhone()
    const changed = await request<User>(`${bff.url}/api/me/phone`, {
      token, body: { app: ALIPAY_APPID, phoneResponse: mocks.alipay.mintPhoneResponse(next), loginCode: mocks.alipay.mintLoginCode(user) },
    })
    expect(changed.status, changed.text).toBe(200)
    expect(changed.body.phone).toBe(`${next.slice(0, 3)}****${next.slice(-4)}`)
    expectError(await request(`${bff.url}/api/me/phone`, {
      token, body: { app: ALIPAY_APPID, phoneCode: 'x', loginCode: mocks.alipay.mintLoginCode(user) },
    }), 400, 'VALIDATION_FAILED')
    expectError(await request(`${bff.url}/api/me/delete`, {
      token, body: { app: ALIPAY_APPID, phoneResponse: mocks.alipay.mintPhoneResponse(newPhone()) },
    }), 403, 'PHONE_MISMATCH')
    const deleted = await request(`${bff.url}/api/me/delete`, { token, body: { app: ALIPAY_APPID, phoneResponse: mocks.alipay.mintPhoneResponse(next) } })
    expect(deleted.status, deleted.text).toBe(204)
    expectError(await request(`${bff.url}/api/me`, { token }), 401, 'UNAUTHORIZED')
  })
})

describe('the phone proof each platform takes', () => {
  it.each([
    ['a phoneCode for the Alipay app', () => ({ app: ALIPAY_APPID, phoneCode: 'x', loginCode: 'y' })],
    ['a phoneResponse for the Douyin app', () => ({ app: DOUYIN_APPID, phoneResponse: '{}', loginCode: 'y' })],
    ['a phoneResponse for the WeChat app', () => ({ app: APPID, phoneResponse: '{}' })],
    ['both proofs', () => ({ app: ALIPAY_APPID, phoneCode: 'x', phoneResponse: '{}', loginCode: 'y' })],
    ['neither proof', () => ({ app: DOUYIN_APPID, loginCode: 'y' })],
    ['no app while several are configured', () => ({ phoneResponse: '{}', loginCode: 'y' })],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_name, body) => {
    expectError(await post('/api/auth/phone-login', body()), 400, 'VALIDATION_FAILED')
  })

  it('refuses a Douyin code whose watermark names another app as 400 PHONE_CODE_INVALID', async () => {
    const reply = await post('/api/auth/phone-login', {
      app: DOUYIN_APPID, phoneCode: mocks.douyin.mintPhoneCode(newPhone(), { watermarkAppid: 'tt_someone_else' }),
    })
    expectError(reply, 400, 'PHONE_CODE_INVALID')
  })

  it('answers Douyin trouble as 503 PLATFORM_UNAVAILABLE and a bad Alipay login code as 400 LOGIN_CODE_INVALID', async () => {
    mocks.douyin.failNext('get_phonenumber_info', -1)
    expectError(await douyinLogin(newPhone(), uid('_000')), 503, 'PLATFORM_UNAVAILABLE')
    const reply = await post('/api/auth/phone-login', { app: ALIPAY_APPID, phoneResponse: mocks.alipay.mintPhoneResponse(newPhone()), loginCode: 'used-or-unknown' })
    expectError(reply, 400, 'LOGIN_CODE_INVALID')
  })

  it('counts each platform\'s calls and exchanges in /metrics', async () => {
    const metrics = (await request<string>(`${bff.url}/metrics`)).text
    expect(metrics).toMatch(new RegExp(`platform_upstream_calls_total\\{platform="douyin",app="${DOUYIN_APPID}",endpoint="get_phonenumber_info",outcome="ok"\\} [1-9]`))
    expect(metrics).toMatch(new RegExp(`platform_upstream_calls_total\\{platform="alipay",app="${ALIPAY_APPID}",endpoint="alipay.system.oauth.token",outcome="ok"\\} [1-9]`))
    expect(metrics).toMatch(new RegExp(`phone_number_exchanges_total\\{platform="alipay",app="${ALIPAY_APPID}",mode="quick",outcome="rejected"\\} [1-9]`))
    expect(metrics).toMatch(new RegExp(`phone_number_exchanges_total\\{platform="douyin",app="${DOUYIN_APPID}",mode="quick",outcome="ok"\\} [1-9]`))
  })
})

describe('a Douyin private key that does not match the 应用公钥', () => {
  it('answers 500 PLATFORM_MISCONFIGURED', async () => {
    const mismatched = await startPlatformMocks({ douyinKeyMismatch: true })
    const other = await startTestBff({ env: mismatched.env })
    try {
      const reply = await request(`${other.url}/api/auth/phone-login`, { body: { app: DOUYIN_APPID, phoneCode: mismatched.douyin.mintPhoneCode(newPhone()) } })
      expectError(reply, 500, 'PLATFORM_MISCONFIGURED')
    } finally {
      await other.dispose()
      await mismatched.close()
    }
  })
})
