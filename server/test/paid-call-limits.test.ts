import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../src/db/statement'
import { startTestBff, type TestBff } from './support/bff'
import { countRows, phoneLogin, refresh, signIn } from './support/flows'
import { expectError, type Reply, request } from './support/http'
import { newPhone } from '../testing/phones'

const ledgerRows = async (bff: TestBff) =>
  Number((await bff.deps.database.get<{ n: number | string }>(sql('select count(*) as "n" from "phone_exchanges"')))!.n)

function expectRetryAfter(reply: Reply, maxSeconds: number): void {
  expectError(reply, 429, 'RATE_LIMITED')
  const seconds = Number(reply.headers.get('retry-after'))
  expect(seconds).toBeGreaterThanOrEqual(1)
  expect(seconds).toBeLessThanOrEqual(maxSeconds)
}

describe('limits on paid calls', () => {
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff({ env: { PHONE_CHANGE_LIMIT: '3', PHONE_LOGIN_LIMIT: '2', AUTH_RATE_LIMIT: '1000000' } })
  })
  afterAll(() => bff.dispose())

  it('PHONE_CHANGE_LIMIT: /api/me/phone and /api/me/delete share one budget per account per hour, checked before any paid call', async () => {
    const openid = `o_limit_${process.pid}_a`
    const phone = newPhone()
    const session = await signIn(bff, phone, openid)
    const post = (path: string, body: unknown) => request(`${bff.url}${path}`, { token: session.accessToken, body })
    expect((await post('/api/me/phone', { phoneCode: bff.mock.mock.mintPhoneCode(newPhone()), loginCode: bff.mock.mock.mintLoginCode(openid) })).status).toBe(200)
    expectError(await post('/api/me/phone', { phoneCode: 'junk' }), 403, 'REAUTH_REQUIRED')
    expectError(await post('/api/me/delete', { phoneCode: bff.mock.mock.mintPhoneCode(newPhone()) }), 403, 'PHONE_MISMATCH')

    const calls = bff.mock.mock.calls()
    const rows = await ledgerRows(bff)
    expectRetryAfter(await post('/api/me/phone', { phoneCode: bff.mock.mock.mintPhoneCode(newPhone()), loginCode: bff.mock.mock.mintLoginCode(openid) }), 3600)
    expectRetryAfter(await post('/api/me/delete', { phoneCode: bff.mock.mock.mintPhoneCode(phone) }), 3600)
    expect(bff.mock.mock.calls()).toEqual(calls)
    expect(await ledgerRows(bff)).toBe(rows)
    expect((await request(`${bff.url}/api/me`, { token: session.accessToken })).status).toBe(200)

    // Another account has a budget of its own.
    const otherOpenid = `o_limit_${process.pid}_b`
    const other = await signIn(bff, newPhone(), otherOpenid)
    const reply = await request(`${bff.url}/api/me/phone`, { token: other.accessToken, body: { phoneCode: bff.mock.mock.mintPhoneCode(newPhone()), loginCode: bff.mock.mock.mintLoginCode(otherOpenid) } })
    expect(reply.status, reply.text).toBe(200)
  })

  it('PHONE_LOGIN_LIMIT: per number per hour; the refused login costs its one exchange (in the ledger) and starts no session', async () => {
    const phone = newPhone()
    expect((await phoneLogin(bff, phone)).status).toBe(200)
    expect((await phoneLogin(bff, phone)).status).toBe(200)
    const before = { rows: await countRows(bff), ledger: await ledgerRows(bff), paid: bff.mock.mock.calls().getuserphonenumber }
    expectRetryAfter(await phoneLogin(bff, phone), 3600)
    expect(bff.mock.mock.calls().getuserphonenumber).toBe(before.paid + 1)
    expect(await ledgerRows(bff)).toBe(before.ledger + 1)
    expect(await countRows(bff)).toEqual(before.rows)
    // Other numbers are not affected.
    expect((await phoneLogin(bff, newPhone())).status).toBe(200)
  })
})

describe('REFRESH_RATE_LIMIT: refresh has a per-address bucket of its own', () => {
  let bff: TestBff
  afterAll(() => bff.dispose())

  it('logins spending AUTH_RATE_LIMIT leave refresh working, and refresh spends only its own', async () => {
    bff = await startTestBff({ env: { AUTH_RATE_LIMIT: '2', REFRESH_RATE_LIMIT: '3' } })
    const session = await signIn(bff, newPhone())
    await signIn(bff, newPhone())
    expectRetryAfter(await phoneLogin(bff, newPhone()), 60)
    let token = session.refreshToken
    for (let i = 0; i < 3; i++) {
      const reply = await refresh(bff, token)
      expect(reply.status, reply.text).toBe(200)
      token = reply.body.refreshToken
    }
    expectRetryAfter(await refresh(bff, token), 60)
  })
})
