import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startMockWechat } from '../src/platforms/weixin/mock'
import { sql } from '../src/db/statement'
import { APP_SECRET, APPID, startTestBff, type TestBff } from './support/bff'
import { fakeClock } from './support/fake-clock'
import { countRows, phoneLogin, wxLogin } from './support/flows'
import { expectError } from './support/http'
import { newPhone } from '../testing/phones'

type LedgerRow = { outcome: string }
const ledgerOf = (bff: TestBff) => bff.deps.database.all<LedgerRow>(sql('select "outcome" from "phone_exchanges" order by "at"'))

/** How long `work` took, in ms of real time. */
async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  const value = await work
  return { value, ms: performance.now() - started }
}

describe('REQUEST_DEADLINE_MS with a hung WeChat (each upstream call may take 5 s)', () => {
  let bff: TestBff | undefined
  afterEach(async () => {
    bff?.mock.mock.releaseHung()
    await bff?.dispose()
    bff = undefined
  })
  const start = () => startTestBff({ env: { REQUEST_DEADLINE_MS: '1000', WECHAT_TIMEOUT_MS: '5000' } })

  it('a phone-login whose phone exchange hangs answers 503 WECHAT_UNAVAILABLE at the deadline, writing nothing but the ledger row', async () => {
    bff = await start()
    expect((await phoneLogin(bff, newPhone())).status).toBe(200) // the access token is cached now
    const before = { rows: await countRows(bff), ledger: (await ledgerOf(bff)).length }
    bff.mock.mock.failNext('getuserphonenumber', 'timeout')
    const { value, ms } = await timed(phoneLogin(bff, newPhone(), `o_deadline_${process.pid}`))
    expectError(value, 503, 'WECHAT_UNAVAILABLE')
    expect(ms).toBeGreaterThanOrEqual(900)
    expect(ms).toBeLessThan(2500)
    expect(await countRows(bff)).toEqual(before.rows)
    const ledger = await ledgerOf(bff)
    expect(ledger).toHaveLength(before.ledger + 1)
    expect(ledger.at(-1)).toEqual({ outcome: 'failed' })
  })

  it('a hung access-token fetch is cut at the deadline, and the phone code is never sent', async () => {
    bff = await start()
    bff.mock.mock.failNext('stable_token', 'timeout')
    const before = await countRows(bff)
    const { value, ms } = await timed(phoneLogin(bff, newPhone()))
    expectError(value, 503, 'WECHAT_UNAVAILABLE')
    expect(ms).toBeLessThan(2500)
    expect(bff.mock.mock.calls().getuserphonenumber).toBe(0)
    expect(await countRows(bff)).toEqual(before)
  })

  it('a wx-login whose jscode2session hangs answers 503 at the deadline', async () => {
    bff = await start()
    bff.mock.mock.failNext('jscode2session', 'timeout')
    const { value, ms } = await timed(wxLogin(bff, `o_deadline_wx_${process.pid}`))
    expectError(value, 503, 'WECHAT_UNAVAILABLE')
    expect(ms).toBeGreaterThanOrEqual(900)
    expect(ms).toBeLessThan(2500)
  })
})

describe('a login that answers after its deadline commits nothing', () => {
  const clock = fakeClock()
  const mockReady = startMockWechat({ appid: APPID, secret: APP_SECRET, latencyMs: 300 })
  let bff: TestBff
  afterAll(async () => {
    await bff.dispose()
    await (await mockReady).close()
  })

  it('WeChat answers (the exchange is paid and in the ledger), but the deadline passed: 503, no account, no session', async () => {
    const mock = await mockReady
    bff = await startTestBff({ clock, mock, env: { REQUEST_DEADLINE_MS: '10000' } })
    expect((await phoneLogin(bff, newPhone())).status).toBe(200) // the access token is cached now
    const before = { rows: await countRows(bff), ledger: (await ledgerOf(bff)).length, paid: mock.mock.calls().getuserphonenumber }
    const pending = phoneLogin(bff, newPhone())
    // The phone code is on its way (sent with the full time left); the request's 10 s pass meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 150))
    clock.advance(20_000)
    expectError(await pending, 503, 'WECHAT_UNAVAILABLE')
    expect(mock.mock.calls().getuserphonenumber).toBe(before.paid + 1)
    expect(await countRows(bff)).toEqual(before.rows)
    const ledger = await ledgerOf(bff)
    expect(ledger).toHaveLength(before.ledger + 1)
    expect(ledger.at(-1)).toEqual({ outcome: 'ok' })
  })
})
