import type { Session, User, WxLoginResponse } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBff, type TestBff } from './support/bff'
import { countRows, phoneLogin, refresh, signIn, wxLogin } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff()
})
afterAll(() => bff.dispose())

const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`
const phoneCode = (phone: string) => bff.mock.mock.mintPhoneCode(phone)
const loginCode = (openid: string) => bff.mock.mock.mintLoginCode(openid)
const post = <T = unknown>(path: string, token: string, body: unknown) => request<T>(`${bff.url}${path}`, { token, body })
const me = (token: string) => request<User>(`${bff.url}/api/me`, { token })
let users = 0
const newOpenid = (who: string) => `o_stepup_${who}_${process.pid}_${++users}`

describe('POST /api/me/phone is a step-up action', () => {
  it('refuses 403 REAUTH_REQUIRED without a loginCode, before any paid call, changing nothing (the phone code stays unused)', async () => {
    const openid = newOpenid('owner')
    const session = await signIn(bff, newPhone(), openid)
    const before = { calls: bff.mock.mock.calls(), rows: await countRows(bff) }
    const target = newPhone()
    const code = phoneCode(target)
    expectError(await post('/api/me/phone', session.accessToken, { phoneCode: code }), 403, 'REAUTH_REQUIRED')
    expect(bff.mock.mock.calls()).toEqual(before.calls)
    expect(await countRows(bff)).toEqual(before.rows)
    // The same phone code, with the step-up, still works: it was never sent to WeChat.
    const reply = await post<User>('/api/me/phone', session.accessToken, { phoneCode: code, loginCode: loginCode(openid) })
    expect(reply.status, reply.text).toBe(200)
    expect(reply.body.phone).toBe(masked(target))
  })

  it("refuses a loginCode of another WeChat user (403 REAUTH_REQUIRED), with no paid call", async () => {
    const session = await signIn(bff, newPhone(), newOpenid('owner'))
    const paid = bff.mock.mock.calls().getuserphonenumber
    const reply = await post('/api/me/phone', session.accessToken, { phoneCode: phoneCode(newPhone()), loginCode: loginCode(newOpenid('someone-else')) })
    expectError(reply, 403, 'REAUTH_REQUIRED')
    expect(bff.mock.mock.calls().getuserphonenumber).toBe(paid)
  })

  it('refuses an account with no linked WeChat user until a phone-login with a loginCode links one', async () => {
    const phone = newPhone()
    const unlinked = await signIn(bff, phone)
    const openid = newOpenid('later')
    expectError(await post('/api/me/phone', unlinked.accessToken, { phoneCode: phoneCode(newPhone()), loginCode: loginCode(openid) }), 403, 'REAUTH_REQUIRED')
    const linked = await signIn(bff, phone, openid)
    expect(linked.user.id).toBe(unlinked.user.id)
    const reply = await post('/api/me/phone', linked.accessToken, { phoneCode: phoneCode(newPhone()), loginCode: loginCode(openid) })
    expect(reply.status, reply.text).toBe(200)
  })

  it('answers LOGIN_CODE_INVALID for a used login code, with no paid call', async () => {
    const openid = newOpenid('owner')
    const session = await signIn(bff, newPhone(), openid)
    const used = loginCode(openid)
    expect((await wxLogin(bff, openid)).status).toBe(200)
    await request(`${bff.url}/api/auth/wx-login`, { body: { loginCode: used } })
    const paid = bff.mock.mock.calls().getuserphonenumber
    expectError(await post('/api/me/phone', session.accessToken, { phoneCode: phoneCode(newPhone()), loginCode: used }), 400, 'LOGIN_CODE_INVALID')
    expect(bff.mock.mock.calls().getuserphonenumber).toBe(paid)
  })

  it("on success ends every other session of the account, but not the linked user's silent login", async () => {
    const phone = newPhone()
    const openid = newOpenid('owner')
    const other = await signIn(bff, phone, openid)
    const mine = await signIn(bff, phone, openid)
    const reply = await post('/api/me/phone', mine.accessToken, { phoneCode: phoneCode(newPhone()), loginCode: loginCode(openid) })
    expect(reply.status, reply.text).toBe(200)
    expectError(await me(other.accessToken), 401, 'UNAUTHORIZED')
    expectError(await refresh(bff, other.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    expect((await me(mine.accessToken)).status).toBe(200)
    expect((await refresh(bff, mine.refreshToken)).status).toBe(200)
    expect((await wxLogin(bff, openid)).body).toMatchObject({ user: { id: mine.user.id } })
  })
})

describe('the attack chain of issue 16: a stolen access token alone', () => {
  it('cannot change the number, cannot delete the account, cannot take the WeChat link', async () => {
    const ownerPhone = newPhone()
    const ownerOpenid = newOpenid('owner')
    const owner = await signIn(bff, ownerPhone, ownerOpenid)
    const stolen = owner.accessToken
    const thiefPhone = newPhone()
    const thiefOpenid = newOpenid('thief')

    // 1. Move the account to the thief's number: without the owner's WeChat, refused before any paid call.
    const paid = bff.mock.mock.calls().getuserphonenumber
    expectError(await post('/api/me/phone', stolen, { phoneCode: phoneCode(thiefPhone) }), 403, 'REAUTH_REQUIRED')
    expectError(await post('/api/me/phone', stolen, { phoneCode: phoneCode(thiefPhone), loginCode: loginCode(thiefOpenid) }), 403, 'REAUTH_REQUIRED')
    expect(bff.mock.mock.calls().getuserphonenumber).toBe(paid)

    // 2. Delete it: the thief's number is not the account's, and a login code is no substitute for it.
    expectError(await post('/api/me/delete', stolen, { phoneCode: phoneCode(thiefPhone) }), 403, 'PHONE_MISMATCH')
    expectError(await post('/api/me/delete', stolen, { loginCode: loginCode(thiefOpenid) }), 400, 'VALIDATION_FAILED')

    // 3. Take the WeChat link: the thief's own phone-login gets the thief an account of their own.
    const thief = await phoneLogin(bff, thiefPhone, thiefOpenid)
    expect(thief.status).toBe(200)
    expect(thief.body.user.id).not.toBe(owner.user.id)

    // The owner's next launch still finds the account, number and all.
    const back = await wxLogin(bff, ownerOpenid)
    expect(back.status).toBe(200)
    expect((back.body as Session).user).toMatchObject({ id: owner.user.id, phone: masked(ownerPhone), wechatLinked: true })
    expect((await me(stolen)).body.phone).toBe(masked(ownerPhone))
  })
})

describe('POST /api/me/delete for an account with a number', () => {
  it('still takes the phone proof of its own number (no loginCode needed)', async () => {
    const phone = newPhone()
    const session = await signIn(bff, phone, newOpenid('owner'))
    expect((await post('/api/me/delete', session.accessToken, { phoneCode: phoneCode(phone) })).status).toBe(204)
    expect((await wxLogin(bff, 'o_nobody')).body as WxLoginResponse).toEqual({ registered: false })
  })
})
