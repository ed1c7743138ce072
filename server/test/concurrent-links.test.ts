import type { Session, WxLoginResponse } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ON_POSTGRES, startTestBff, type TestBff } from './support/bff'
import { countRows, phoneLogin, wxLogin } from './support/flows'
import { newPhone } from '../testing/phones'

// Runs in both projects: the embedded database serializes writers, PostgreSQL runs them side by side.
let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff()
})
afterAll(() => bff.dispose())

describe(`concurrent logins that link WeChat users (${ON_POSTGRES ? 'PostgreSQL' : 'embedded database'})`, () => {
  it('runs on the database its project names', () => {
    expect(bff.deps.database.dialect).toBe(ON_POSTGRES ? 'postgres' : 'sqlite')
  })

  it('20 WeChat users proving one new number at once: every login answered, one account, one link', async () => {
    const phone = newPhone('136')
    const openids = Array.from({ length: 20 }, (_, i) => `o_race_${phone}_${i}`)
    const before = await countRows(bff)
    const replies = await Promise.all(openids.map((openid) => phoneLogin(bff, phone, openid)))
    expect(replies.map((reply) => reply.status), replies.find((reply) => reply.status !== 200)?.text).toEqual(Array(20).fill(200))
    expect(new Set(replies.map((reply) => reply.body.user.id)).size).toBe(1)
    const after = await countRows(bff)
    expect(after.users).toBe(before.users + 1)
    expect(after.identities).toBe(before.identities + 1)
    // The link ended with exactly one of them; the others are no longer registered.
    const back = await Promise.all(openids.map((openid) => wxLogin(bff, openid)))
    const linked = back.filter((reply) => (reply.body as Session).user !== undefined)
    expect(linked).toHaveLength(1)
    expect((linked[0]!.body as Session).user.id).toBe(replies[0]!.body.user.id)
    expect(back.filter((reply) => (reply.body as WxLoginResponse & { registered?: boolean }).registered === false)).toHaveLength(19)
  })

  it('one WeChat user proving 10 new numbers at once: 10 accounts, the WeChat user linked to exactly one', async () => {
    const openid = `o_many_${newPhone('135')}`
    const phones = Array.from({ length: 10 }, () => newPhone('135'))
    const before = await countRows(bff)
    const replies = await Promise.all(phones.map((phone) => phoneLogin(bff, phone, openid)))
    expect(replies.map((reply) => reply.status), replies.find((reply) => reply.status !== 200)?.text).toEqual(Array(10).fill(200))
    const after = await countRows(bff)
    expect(after.users).toBe(before.users + 10)
    expect(after.identities).toBe(before.identities + 1)
    const back = await wxLogin(bff, openid)
    expect(phones.map((_, i) => replies[i]!.body.user.id)).toContain((back.body as Session).user.id)
  })
})
