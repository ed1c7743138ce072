import type { Session } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBff, type TestBff } from './support/bff'
import { countRows, signIn, wxLogin } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff()
})
afterAll(() => bff.dispose())

describe('POST /api/auth/wx-login', () => {
  it('answers {"registered": false} for an unknown WeChat user, creating nothing and never calling the phone API', async () => {
    const before = await countRows(bff)
    const calls = bff.mock.mock.calls()
    const reply = await wxLogin(bff, 'o_never_seen')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ registered: false })
    expect(await countRows(bff)).toEqual(before)
    expect(bff.mock.mock.calls()).toEqual({ ...calls, jscode2session: calls.jscode2session + 1 })
  })

  it('signs a linked WeChat user into their account with a new session', async () => {
    const phone = newPhone()
    const openid = `o_wx_${phone}`
    const first = await signIn(bff, phone, openid)
    const reply = await wxLogin(bff, openid)
    expect(reply.status).toBe(200)
    const session = reply.body as Session
    expect(session.user).toEqual(first.user)
    expect(session.refreshToken).not.toBe(first.refreshToken)
    const me = await request(`${bff.url}/api/me`, { token: session.accessToken })
    expect(me.body).toEqual(first.user)
  })

  it('refuses a made-up or already used login code with 400 LOGIN_CODE_INVALID', async () => {
    const code = bff.mock.mock.mintLoginCode('o_used_twice')
    const post = () => request(`${bff.url}/api/auth/wx-login`, { body: { loginCode: code } })
    expect((await post()).status).toBe(200)
    expectError(await post(), 400, 'LOGIN_CODE_INVALID')
    expectError(await request(`${bff.url}/api/auth/wx-login`, { body: { loginCode: 'invented' } }), 400, 'LOGIN_CODE_INVALID')
  })

  it('answers 403 LOGIN_BLOCKED and 503 WECHAT_UNAVAILABLE as WeChat says', async () => {
    bff.mock.mock.failNext('jscode2session', 40226)
    expectError(await wxLogin(bff, 'o_blocked'), 403, 'LOGIN_BLOCKED')
    bff.mock.mock.failNext('jscode2session', -1)
    expectError(await wxLogin(bff, 'o_busy'), 503, 'WECHAT_UNAVAILABLE')
    bff.mock.mock.failNext('jscode2session', 'http500')
    expectError(await wxLogin(bff, 'o_busy'), 503, 'WECHAT_UNAVAILABLE')
  })

  it('answers 500 WECHAT_MISCONFIGURED when WeChat refuses our appid (40013)', async () => {
    bff.mock.mock.failNext('jscode2session', 40013)
    expectError(await wxLogin(bff, 'o_any'), 500, 'WECHAT_MISCONFIGURED')
  })
})
