import type { User } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBff, type TestBff } from './support/bff'
import { countRows, runSql, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff()
})
afterAll(() => bff.dispose())

const changePhone = (token: string | undefined, body: unknown) =>
  request<User>(`${bff.url}/api/me/phone`, { body, token })
/** The step-up's loginCode: a fresh one of the account's linked WeChat user. */
const stepUp = (openid: string) => bff.mock.mock.mintLoginCode(openid)
let openids = 0
/** Signs in with a phone number and a WeChat user of its own, which the step-up then proves. */
const signInLinked = async (phone: string) => {
  const openid = `o_me_${++openids}_${phone}`
  return { ...await signIn(bff, phone, openid), openid }
}
const phoneCode = (phone: string) => bff.mock.mock.mintPhoneCode(phone)
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`

describe('GET /api/me', () => {
  it('answers the signed-in account', async () => {
    const session = await signIn(bff, newPhone(), 'o_me')
    const reply = await request<User>(`${bff.url}/api/me`, { token: session.accessToken })
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual(session.user)
    expect(reply.body.wechatLinked).toBe(true)
  })
})

describe('POST /api/me/phone', () => {
  it("changes the account's number: the new number signs into it, the old one no longer does", async () => {
    const [oldPhone, newNumber] = [newPhone(), newPhone()]
    const session = await signInLinked(oldPhone)
    const reply = await changePhone(session.accessToken, { phoneCode: phoneCode(newNumber), loginCode: stepUp(session.openid) })
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ ...session.user, phone: masked(newNumber) })
    expect(reply.text).not.toContain(newNumber)
    expect((await signIn(bff, newNumber)).user.id).toBe(session.user.id)
    expect((await signIn(bff, oldPhone)).user.id).not.toBe(session.user.id)
  })

  it('accepts the number the account already has', async () => {
    const phone = newPhone()
    const session = await signInLinked(phone)
    const reply = await changePhone(session.accessToken, { phoneCode: phoneCode(phone), loginCode: stepUp(session.openid) })
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual(session.user)
  })

  it('answers 409 PHONE_TAKEN for a number of another account, changing nothing', async () => {
    const [mine, theirs] = [newPhone(), newPhone()]
    const me = await signInLinked(mine)
    await signIn(bff, theirs)
    expectError(await changePhone(me.accessToken, { phoneCode: phoneCode(theirs), loginCode: stepUp(me.openid) }), 409, 'PHONE_TAKEN')
    const after = await request<User>(`${bff.url}/api/me`, { token: me.accessToken })
    expect(after.body.phone).toBe(masked(mine))
  })

  it('lets only one of two accounts racing for one free number have it', async () => {
    const target = newPhone()
    const [a, b] = await Promise.all([signInLinked(newPhone()), signInLinked(newPhone())])
    const replies = await Promise.all([
      changePhone(a.accessToken, { phoneCode: phoneCode(target), loginCode: stepUp(a.openid) }),
      changePhone(b.accessToken, { phoneCode: phoneCode(target), loginCode: stepUp(b.openid) }),
    ])
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409])
  })

  it('answers 401 without a valid token, before calling WeChat', async () => {
    const calls = bff.mock.mock.calls()
    expectError(await changePhone(undefined, { phoneCode: phoneCode(newPhone()) }), 401, 'UNAUTHORIZED')
    expectError(await changePhone('forged.token.value', { phoneCode: phoneCode(newPhone()) }), 401, 'UNAUTHORIZED')
    expect(bff.mock.mock.calls()).toEqual(calls)
  })

  it('answers 401 for a deleted account without spending the paid phone API', async () => {
    const session = await signIn(bff, newPhone())
    await runSql(bff, 'delete from "users" where "id" = ?', [session.user.id])
    const calls = bff.mock.mock.calls()
    expectError(await changePhone(session.accessToken, { phoneCode: phoneCode(newPhone()) }), 401, 'UNAUTHORIZED')
    expect(bff.mock.mock.calls()).toEqual(calls)
  })

  it('answers 400 for a bad body or a bad phone code, and 503 when WeChat is down, changing nothing', async () => {
    const phone = newPhone()
    const session = await signInLinked(phone)
    const before = await countRows(bff)
    expectError(await changePhone(session.accessToken, {}), 400, 'VALIDATION_FAILED')
    expectError(await changePhone(session.accessToken, { phoneCode: 7 }), 400, 'VALIDATION_FAILED')
    expectError(await changePhone(session.accessToken, { phoneCode: 'made-up', loginCode: stepUp(session.openid) }), 400, 'PHONE_CODE_INVALID')
    bff.mock.mock.failNext('getuserphonenumber', 'garbage')
    expectError(await changePhone(session.accessToken, { phoneCode: phoneCode(newPhone()), loginCode: stepUp(session.openid) }), 503, 'WECHAT_UNAVAILABLE')
    expect(await countRows(bff)).toEqual(before)
    const after = await request<User>(`${bff.url}/api/me`, { token: session.accessToken })
    expect(after.body.phone).toBe(masked(phone))
  })
})
