import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import type { Session } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from './support/fake-clock'
import { costReport, type CostDay } from '../src/ledger/cost-report'
import { renderCostTable } from '../src/ledger/report-table'
import { sql } from '../src/db/statement'
import { APPID, ON_POSTGRES, startTestBff, type TestBff } from './support/bff'
import { signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

type Row = { mode: string; outcome: string; price_fen: number | string; purpose: string }
const rowsOf = async (bff: TestBff): Promise<Row[]> =>
  (await bff.deps.database.all<Row>(sql('select "mode", "outcome", "price_fen", "purpose" from "phone_exchanges"'))).map((r) => ({ ...r, price_fen: Number(r.price_fen) }))
const metric = (text: string, name: string, labels: string) =>
  Number(new RegExp(`^${name}\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN)
const metricsOf = async (bff: TestBff) => (await request<string>(`${bff.url}/metrics`)).text

describe('the ledger of paid phone-number exchanges', () => {
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff({ env: { PHONE_PRICE_FEN: '5', PHONE_REALTIME_PRICE_FEN: '9' } })
  })
  afterAll(() => bff.dispose())

  it('records every exchange with its mode, outcome and configured price, and counts it for /metrics', async () => {
    const code = (phone: string) => bff.mock.mock.mintPhoneCode(phone)
    const login = (body: object) => request<Session>(`${bff.url}/api/auth/phone-login`, { body })
    const phone = newPhone()
    expect((await login({ phoneCode: code(phone) })).status).toBe(200) // quick ok
    const session = (await login({ phoneCode: code(phone), realtime: true, loginCode: bff.mock.mock.mintLoginCode('o_ledger_owner') })).body // realtime ok
    expectError(await login({ phoneCode: 'made-up' }), 400, 'PHONE_CODE_INVALID') // quick rejected
    bff.mock.mock.failNext('getuserphonenumber', 'garbage')
    expectError(await login({ phoneCode: code(newPhone()), realtime: true }), 503, 'WECHAT_UNAVAILABLE') // realtime failed
    const me = (path: string, body: object) => request(`${bff.url}/api/me/${path}`, {
      token: session.accessToken, body: { ...body, loginCode: bff.mock.mock.mintLoginCode('o_ledger_owner') },
    })
    expect((await me('phone', { phoneCode: code(newPhone()) })).status).toBe(200) // change: quick ok
    await signIn(bff, newPhone())
    const theirs = newPhone()
    await signIn(bff, theirs)
    expectError(await me('phone', { phoneCode: code(theirs) }), 409, 'PHONE_TAKEN') // paid, refused by us: still ok
    expectError(await me('delete', { phoneCode: code(newPhone()), realtime: true }), 403, 'PHONE_MISMATCH') // paid: realtime ok

    const rows = await rowsOf(bff)
    const byKey = (r: Row) => `${r.purpose}:${r.mode}:${r.outcome}:${r.price_fen}`
    expect(rows.map(byKey).sort()).toEqual([
      'change_phone:quick:ok:5',
      'change_phone:quick:ok:5',
      'delete_account:realtime:ok:9',
      'login:quick:ok:5', // signIn taken
      'login:quick:ok:5', // signIn theirs
      'login:quick:ok:5',
      'login:quick:rejected:0',
      'login:realtime:failed:0',
      'login:realtime:ok:9',
    ].sort())
    const text = await metricsOf(bff)
    expect(metric(text, 'phone_number_exchanges_total', `platform="weixin",app="${APPID}",mode="quick",outcome="ok"`)).toBe(5)
    expect(metric(text, 'phone_number_exchanges_total', `platform="weixin",app="${APPID}",mode="quick",outcome="rejected"`)).toBe(1)
    expect(metric(text, 'phone_number_exchanges_total', `platform="weixin",app="${APPID}",mode="realtime",outcome="ok"`)).toBe(2)
    expect(metric(text, 'phone_number_exchanges_total', `platform="weixin",app="${APPID}",mode="realtime",outcome="failed"`)).toBe(1)
    expect(metric(text, 'phone_number_exchanges_total', `platform="weixin",app="${APPID}",mode="realtime",outcome="rejected"`)).toBe(0)
    expect(metric(text, 'phone_number_cost_fen_total', `platform="weixin",app="${APPID}",mode="quick"`)).toBe(25)
    expect(metric(text, 'phone_number_cost_fen_total', `platform="weixin",app="${APPID}",mode="realtime"`)).toBe(18)
  })

  it('holds no phone number, openid or account id', async () => {
    const phone = newPhone()
    const session = await signIn(bff, phone, `o_ledger_${phone}`)
    const all = JSON.stringify(await bff.deps.database.all(sql('select * from "phone_exchanges"')))
    expect(all).not.toContain(phone.slice(-8))
    expect(all).not.toContain(session.user.id)
    expect(all).not.toContain('o_ledger_')
    expect(Object.keys((await bff.deps.database.get<object>(sql('select * from "phone_exchanges"')))!).sort()).toEqual(['app', 'at', 'mode', 'outcome', 'platform', 'price_fen', 'purpose'])
  })

  it('counts exactly under concurrency: 60 logins at once, 60 rows', async () => {
    const before = (await rowsOf(bff)).length
    const replies = await Promise.all(Array.from({ length: 60 }, () =>
      request(`${bff.url}/api/auth/phone-login`, { body: { phoneCode: bff.mock.mock.mintPhoneCode(newPhone('136')) } })))
    expect(replies.map((r) => r.status)).toEqual(Array(60).fill(200))
    expect((await rowsOf(bff)).length).toBe(before + 60)
  })
})

describe('the cost report', () => {
  const clock = fakeClock(Date.UTC(2026, 10, 28, 3)) // 2026-11-28 11:00 in China
  let bff: TestBff
  let days: CostDay[]
  beforeAll(async () => {
    bff = await startTestBff({ clock })
    const login = (realtime?: boolean) => request(`${bff.url}/api/auth/phone-login`, {
      body: { phoneCode: bff.mock.mock.mintPhoneCode(newPhone('135')), ...(realtime ? { realtime } : {}) },
    })
    // 11-28: two quick sign-ups and a rejected code; 11-29: one real-time sign-up; 11-30 nothing;
    // 12-01 at 23:30 China time (15:30 UTC): one quick sign-up, which is still 12-01 in China.
    await login()
    await login()
    await request(`${bff.url}/api/auth/phone-login`, { body: { phoneCode: 'made-up' } })
    clock.set(Date.UTC(2026, 10, 29, 2))
    await login(true)
    clock.set(Date.UTC(2026, 11, 1, 15, 30))
    await login()
    days = await costReport(bff.deps.database, Date.UTC(2026, 11, 1, 16, 30), 5) // 12-02 00:30 in China
  })
  afterAll(() => bff.dispose())

  it('gives every day of the window in China time, newest first, with exchanges, cost and new accounts, per app too', () => {
    const zero = { ok: 0, rejected: 0, failed: 0 }
    const day = (exchanges: { quick: typeof zero; realtime: typeof zero }, costFen: number, newAccounts: number) =>
      ({ exchanges, costFen, newAccounts, apps: costFen === 0 && newAccounts === 0 ? {} : { [APPID]: { platform: 'weixin', exchanges, costFen, newAccounts } } })
    expect(days).toEqual([
      { date: '2026-12-02', ...day({ quick: zero, realtime: zero }, 0, 0) },
      { date: '2026-12-01', ...day({ quick: { ...zero, ok: 1 }, realtime: zero }, 3, 1) },
      { date: '2026-11-30', ...day({ quick: zero, realtime: zero }, 0, 0) },
      { date: '2026-11-29', ...day({ quick: zero, realtime: { ...zero, ok: 1 } }, 4, 1) },
      { date: '2026-11-28', ...day({ quick: { ...zero, ok: 2, rejected: 1 }, realtime: zero }, 6, 2) },
    ])
  })

  it('prints an aligned table for a person, with a total line and the cost per new account, then the window per app', () => {
    const table = renderCostTable(days, { quickFen: 3, realtimeFen: 4 })
    const [byDay, byApp] = table.split('Per app')
    const lines = byDay!.split('\n').filter((line) => /^(20\d\d-|total|date|-)/.test(line))
    const width = (line: string) => [...line].reduce((n, ch) => n + (ch === '元' ? 2 : 1), 0)
    expect(new Set(lines.map(width)).size).toBe(1)
    expect(table).toMatch(/^2026-11-28 +2 +1 +0 +0 +0 +0 +0\.06 +2 +0\.03$/m)
    expect(table).toMatch(/^2026-11-30 .* 0\.00 +0 +-$/m)
    expect(table).toMatch(/^total, 5 days +3 +1 +0 +1 +0 +0 +0\.13 +4 +0\.03$/m)
    expect(byApp).toMatch(new RegExp(`^${APPID} +weixin +3 +1 +0 +1 +0 +0 +0\\.13 +4 +0\\.03$`, 'm'))
  })
})

describe.skipIf(ON_POSTGRES)('`pnpm report` on the BFF\'s database', () => {
  it('prints the same days as JSON with --json, and --days sets the window', async () => {
    const bff = await startTestBff()
    try {
      await signIn(bff, newPhone())
      const { stdout } = await promisify(execFile)(process.execPath, ['start.mjs', 'report', '--json', '--days', '3'], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { PATH: process.env.PATH, DATA_DIR: bff.dataDir },
      })
      const report = JSON.parse(stdout) as { days: CostDay[]; totals: Omit<CostDay, 'date'>; prices: object }
      expect(report.days).toHaveLength(3)
      expect(report.days[0]!.apps).toEqual({ [APPID]: { platform: 'weixin', exchanges: report.days[0]!.exchanges, costFen: 3, newAccounts: 1 } })
      expect(report.totals).toMatchObject({ costFen: 3, newAccounts: 1, apps: { [APPID]: { costFen: 3 } } })
      expect(report.prices).toEqual({ quickFen: 3, realtimeFen: 4 })
      expect(report.days[0]!.exchanges.quick.ok).toBe(1)
      expect(report.days[0]!.newAccounts).toBe(1)
      expect(report.days[0]!.costFen).toBe(3)
    } finally {
      await bff.dispose()
    }
  })
})
