import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../src/db/statement'
import { APPID, startTestBff, type TestBff } from './support/bff'
import { countRows, runSql, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

type LedgerRow = { outcome: string; purpose: string }
const ledgerOf = (bff: TestBff) => bff.deps.database.all<LedgerRow>(sql('select "outcome", "purpose" from "phone_exchanges" order by "at"'))

describe('control characters in a body', () => {
  let bff: TestBff
  let openid: string
  let token: string
  beforeAll(async () => {
    bff = await startTestBff()
    openid = `o_ctl_${process.pid}`
    token = (await signIn(bff, newPhone(), openid)).accessToken
  })
  afterAll(() => bff.dispose())

  const cases: [string, string, (bff: TestBff) => unknown][] = [
    ['a NUL byte in a device field', '/api/auth/phone-login', (b) => ({ phoneCode: b.mock.mock.mintPhoneCode(newPhone()), device: { model: 'iPhone\u0000' } })],
    ['a newline at the end of a phone code', '/api/auth/phone-login', (b) => ({ phoneCode: `${b.mock.mock.mintPhoneCode(newPhone())}\n` })],
    ['an escape sequence in a device platform', '/api/auth/wx-login', (b) => ({ loginCode: b.mock.mock.mintLoginCode(), device: { platform: '\u001b[2J' } })],
    ['DEL in a login code', '/api/auth/wx-login', (b) => ({ loginCode: `${b.mock.mock.mintLoginCode()}\u007f` })],
    ['a NUL byte in a refresh token', '/api/auth/refresh', () => ({ refreshToken: 'abc\u0000def' })],
    ['a tab in a refresh token to log out', '/api/auth/logout', () => ({ refreshToken: 'abc\tdef' })],
    ['a NUL byte in the step-up login code', '/api/me/phone', (b) => ({ phoneCode: b.mock.mock.mintPhoneCode(newPhone()), loginCode: 'x\u0000' })],
    ['a carriage return in a delete code', '/api/me/delete', () => ({ phoneCode: 'x\r' })],
  ]

  it.each(cases)('refuses %s with 400 VALIDATION_FAILED before any WeChat call, writing nothing', async (_name, path, body) => {
    const before = { rows: await countRows(bff), ledger: (await ledgerOf(bff)).length, calls: bff.mock.mock.calls() }
    expectError(await request(`${bff.url}${path}`, { token, body: body(bff) }), 400, 'VALIDATION_FAILED')
    expect(bff.mock.mock.calls()).toEqual(before.calls)
    expect(await countRows(bff)).toEqual(before.rows)
    expect((await ledgerOf(bff)).length).toBe(before.ledger)
  })

  it.each([
    ['a NUL byte', '%00'],
    ['a NUL byte inside an id', `${'a'.repeat(8)}%00${'b'.repeat(8)}`],
    ['a space', 'a%20b'],
    ['65 characters', 'a'.repeat(65)],
    ['non-ASCII', '%E4%BC%9A%E8%AF%9D'],
  ])('answers 404 NOT_FOUND for a session id with %s (never a 500)', async (_name, id) => {
    expectError(await request(`${bff.url}/api/me/sessions/${id}/revoke`, { token, method: 'POST' }), 404, 'NOT_FOUND')
    expect((await request(`${bff.url}/api/me`, { token })).status).toBe(200)
  })
})

/** A WeChat stand-in over real HTTP whose getuserphonenumber answers `phoneInfo` (the rest as WeChat would). */
async function startOddWechat(phoneInfo: () => Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const answer = path === '/cgi-bin/stable_token' ? { access_token: 'token', expires_in: 7200 }
      : path === '/sns/jscode2session' ? { openid: 'o_odd', session_key: 'k' }
        : { errcode: 0, errmsg: 'ok', phone_info: phoneInfo() }
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

describe('phone data from WeChat that is not digits', () => {
  let info: Record<string, unknown>
  let odd: Awaited<ReturnType<typeof startOddWechat>>
  let bff: TestBff
  beforeAll(async () => {
    odd = await startOddWechat(() => info)
    bff = await startTestBff({ env: { WECHAT_API_BASE: odd.url } })
  })
  afterAll(async () => {
    await bff.dispose()
    await odd.close()
  })
  const watermark = { appid: APPID, timestamp: 1 }

  it.each([
    ['a NUL byte in purePhoneNumber', { phoneNumber: '13800138000', purePhoneNumber: '1380013\u00008000', countryCode: '86' }],
    ['a plus sign in purePhoneNumber', { phoneNumber: '+8613800138000', purePhoneNumber: '+8613800138000', countryCode: '86' }],
    ['letters in countryCode', { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86a' }],
    ['a five-digit countryCode', { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: 12345 }],
    ['three digits', { phoneNumber: '138', purePhoneNumber: '138', countryCode: '86' }],
    ['21 digits', { phoneNumber: '1'.repeat(21), purePhoneNumber: '1'.repeat(21), countryCode: '86' }],
  ])('refuses %s as PHONE_CODE_INVALID: no account, no session, the exchange in the ledger', async (_name, phone) => {
    info = { ...phone, watermark }
    const before = { rows: await countRows(bff), ledger: (await ledgerOf(bff)).length }
    expectError(await request(`${bff.url}/api/auth/phone-login`, { body: { phoneCode: 'code' } }), 400, 'PHONE_CODE_INVALID')
    expect(await countRows(bff)).toEqual(before.rows)
    const ledger = await ledgerOf(bff)
    expect(ledger).toHaveLength(before.ledger + 1)
    expect(ledger.at(-1)).toEqual({ outcome: 'rejected', purpose: 'login' })
  })

  it('accepts digits (a numeric countryCode too)', async () => {
    info = { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: 86, watermark }
    expect((await request(`${bff.url}/api/auth/phone-login`, { body: { phoneCode: 'code' } })).status).toBe(200)
  })
})

describe('every paid exchange is in the ledger, whatever happens after it', () => {
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff()
  })
  afterAll(() => bff.dispose())

  it('a database error after the exchange still leaves its row (written alone), and nothing else', async () => {
    const before = { rows: await countRows(bff), ledger: (await ledgerOf(bff)).length }
    // The login's transaction fails where it starts the session: not the user's doing.
    await runSql(bff, 'alter table "sessions" rename to "sessions_elsewhere"')
    try {
      const reply = await request(`${bff.url}/api/auth/phone-login`, { body: { phoneCode: bff.mock.mock.mintPhoneCode(newPhone()) } })
      expect(reply.status).toBeGreaterThanOrEqual(500)
    } finally {
      await runSql(bff, 'alter table "sessions_elsewhere" rename to "sessions"')
    }
    expect(await countRows(bff)).toEqual(before.rows)
    const ledger = await ledgerOf(bff)
    expect(ledger).toHaveLength(before.ledger + 1)
    expect(ledger.at(-1)).toEqual({ outcome: 'ok', purpose: 'login' })
  })
})
