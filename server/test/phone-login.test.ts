import type { Session, User } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_SECRET, startTestBff, type TestBff } from './support/bff'
import { countRows, phoneLogin, signIn, wxLogin } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff()
})
afterAll(() => bff.dispose())

const post = (body: unknown) => request<Session>(`${bff.url}/api/auth/phone-login`, { body })

describe('POST /api/auth/phone-login', () => {
  it('creates an account for a new number and answers a Session with a masked phone', async () => {
    const phone = newPhone()
    const before = await countRows(bff)
    const reply = await phoneLogin(bff, phone)
    expect(reply.status).toBe(200)
    const session = reply.body
    expect(session).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
      expiresIn: 900,
      user: {
        id: expect.any(String),
        phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
        countryCode: '86',
        nickname: expect.stringMatching(/^微信用户\d{6}$/),
        avatarUrl: expect.stringMatching(/^https:\/\//),
        wechatLinked: false,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        identities: [],
      },
    })
    expect(reply.text).not.toContain(phone)
    expect(await countRows(bff)).toEqual({ ...before, users: before.users + 1, tokens: before.tokens + 1 })
  })

  it('signs the same number into the same account, with a new session each time', async () => {
    const phone = newPhone()
    const first = await signIn(bff, phone)
    const second = await signIn(bff, phone)
    expect(second.user).toEqual(first.user)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect(second.accessToken).not.toBe(first.accessToken)
  })

  it('links the WeChat user when a loginCode comes along, and never shows the openid', async () => {
    const phone = newPhone()
    const openid = `o_link_${phone}`
    const reply = await phoneLogin(bff, phone, openid)
    expect(reply.status).toBe(200)
    expect(reply.body.user.wechatLinked).toBe(true)
    expect(reply.text).not.toContain(openid)
    const back = await wxLogin(bff, openid)
    expect(back.status).toBe(200)
    expect((back.body as Session).user.id).toBe(reply.body.user.id)
  })

  it('moves the link when the WeChat user proves another number', async () => {
    const [phoneA, phoneB] = [newPhone(), newPhone()]
    const openid = `o_move_${phoneA}`
    const a = await signIn(bff, phoneA, openid)
    const b = await signIn(bff, phoneB, openid)
    expect(b.user.id).not.toBe(a.user.id)
    const back = await wxLogin(bff, openid)
    expect((back.body as Session).user.id).toBe(b.user.id)
    const meA = await request<User>(`${bff.url}/api/me`, { token: a.accessToken })
    expect(meA.body.wechatLinked).toBe(false)
  })

  it('keeps one WeChat user per account: a second WeChat user proving the number takes the link over', async () => {
    const phone = newPhone()
    const [first, second] = [`o_first_${phone}`, `o_second_${phone}`]
    const a = await signIn(bff, phone, first)
    const b = await signIn(bff, phone, second)
    expect(b.user.id).toBe(a.user.id)
    expect((await wxLogin(bff, second)).body).toMatchObject({ user: { id: a.user.id } })
    expect((await wxLogin(bff, first)).body).toEqual({ registered: false })
  })

  it('keeps the country code of a foreign number, and masks its shorter number too', async () => {
    const reply = await phoneLogin(bff, '+12025550123')
    expect(reply.body.user).toMatchObject({ countryCode: '1', phone: '20****23' })
    expect(reply.text).not.toContain('2025550123')
  })

  it('refuses a phone code used twice, issued to another app, with a foreign watermark, or made up', async () => {
    const phone = newPhone()
    const used = bff.mock.mock.mintPhoneCode(phone)
    expect((await post({ phoneCode: used })).status).toBe(200)
    const before = await countRows(bff)
    const bad = [
      used,
      bff.mock.mock.mintPhoneCode(newPhone(), { appid: 'wx_some_other_app_' }),
      bff.mock.mock.mintPhoneCode(newPhone(), { watermarkAppid: 'wx_some_other_app_' }),
      'not-a-code-wechat-knows',
    ]
    for (const phoneCode of bad) expectError(await post({ phoneCode }), 400, 'PHONE_CODE_INVALID')
    expect(await countRows(bff)).toEqual(before)
  })

  it('refuses a bad login code before spending the paid phone API, so the phone code still works', async () => {
    const phone = newPhone()
    const phoneCode = bff.mock.mock.mintPhoneCode(phone)
    const usedLoginCode = bff.mock.mock.mintLoginCode()
    expect((await request(`${bff.url}/api/auth/wx-login`, { body: { loginCode: usedLoginCode } })).status).toBe(200)
    const before = await countRows(bff)
    const phoneCalls = bff.mock.mock.calls().getuserphonenumber
    expectError(await post({ phoneCode, loginCode: 'made-up-login-code' }), 400, 'LOGIN_CODE_INVALID')
    expectError(await post({ phoneCode, loginCode: usedLoginCode }), 400, 'LOGIN_CODE_INVALID')
    expect(bff.mock.mock.calls().getuserphonenumber).toBe(phoneCalls)
    expect(await countRows(bff)).toEqual(before)
    expect((await post({ phoneCode })).status).toBe(200)
  })

  it('answers 403 LOGIN_BLOCKED when WeChat blocks the user, writing nothing', async () => {
    const before = await countRows(bff)
    bff.mock.mock.failNext('jscode2session', 40226)
    const reply = await phoneLogin(bff, newPhone(), 'o_blocked')
    expectError(reply, 403, 'LOGIN_BLOCKED')
    expect(await countRows(bff)).toEqual(before)
  })

  it.each([
    ['getuserphonenumber', -1],
    ['getuserphonenumber', 45011],
    ['getuserphonenumber', 'timeout'],
    ['getuserphonenumber', 'garbage'],
    ['getuserphonenumber', 'empty'],
    ['getuserphonenumber', 'http500'],
    ['jscode2session', -1],
    ['jscode2session', 45011],
    ['jscode2session', 'timeout'],
    ['jscode2session', 'garbage'],
  ] as const)('answers 503 WECHAT_UNAVAILABLE when %s gives %s, writing nothing', async (endpoint, fault) => {
    const before = await countRows(bff)
    bff.mock.mock.failNext(endpoint, fault)
    const reply = await phoneLogin(bff, newPhone(), 'o_unavailable')
    expectError(reply, 503, 'WECHAT_UNAVAILABLE')
    expect(await countRows(bff)).toEqual(before)
  })

  it('recovers from a rejected access token (40001): fetches a new one and retries the call once', async () => {
    await signIn(bff, newPhone()) // a token is cached now
    const calls = bff.mock.mock.calls()
    bff.mock.mock.failNext('getuserphonenumber', 40001)
    const reply = await phoneLogin(bff, newPhone())
    expect(reply.status).toBe(200)
    const after = bff.mock.mock.calls()
    expect(after.stable_token - calls.stable_token).toBe(1)
    expect(after.getuserphonenumber - calls.getuserphonenumber).toBe(2)
  })

  it('ends 20 concurrent logins for one new number in one account', async () => {
    const phone = newPhone()
    const before = await countRows(bff)
    const replies = await Promise.all(Array.from({ length: 20 }, () => phoneLogin(bff, phone)))
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200))
    expect(new Set(replies.map((r) => r.body.user.id)).size).toBe(1)
    // Twenty sessions were started; the cap (MAX_SESSIONS_PER_USER, 10) keeps the ten most recent.
    expect(await countRows(bff)).toEqual({ ...before, users: before.users + 1, tokens: before.tokens + 10 })
  })
})

describe('phone-login upstream cost', () => {
  it('100 concurrent logins on a cold start fetch the access token once', async () => {
    const cold = await startTestBff()
    try {
      const replies = await Promise.all(Array.from({ length: 100 }, () => phoneLogin(cold, newPhone('137'), undefined)))
      expect(replies.map((r) => r.status)).toEqual(Array(100).fill(200))
      expect(cold.mock.mock.calls()).toEqual({ token: 0, stable_token: 1, jscode2session: 0, getuserphonenumber: 100 })
    } finally {
      await cold.dispose()
    }
  })

  it('costs a new user 1 jscode2session + 1 getuserphonenumber, a returning wx-login 1 jscode2session', async () => {
    const phone = newPhone()
    const openid = `o_cost_${phone}`
    await signIn(bff, newPhone()) // warm token cache: its cost is amortised over every login until it expires
    const start = bff.mock.mock.calls()
    await signIn(bff, phone, openid)
    const afterSignUp = bff.mock.mock.calls()
    expect(afterSignUp).toEqual({ ...start, jscode2session: start.jscode2session + 1, getuserphonenumber: start.getuserphonenumber + 1 })
    expect((await wxLogin(bff, openid)).status).toBe(200)
    expect(bff.mock.mock.calls()).toEqual({ ...afterSignUp, jscode2session: afterSignUp.jscode2session + 1 })
  })
})

describe('phone-login with credentials WeChat refuses', () => {
  it('answers 500 WECHAT_MISCONFIGURED and writes nothing', async () => {
    const misconfigured = await startTestBff({ env: { WECHAT_SECRET: `${APP_SECRET}-wrong` } })
    try {
      const before = await countRows(misconfigured)
      const reply = await phoneLogin(misconfigured, newPhone())
      expectError(reply, 500, 'WECHAT_MISCONFIGURED')
      expect(await countRows(misconfigured)).toEqual(before)
    } finally {
      await misconfigured.dispose()
    }
  })
})
