import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../src/db/statement'
import { startTestBff, type TestBff } from './support/bff'
import { fakeClock } from './support/fake-clock'
import { refresh, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

const MINUTE = 60_000
const tokenRows = async (bff: TestBff, userId: string) =>
  Number((await bff.deps.database.get<{ n: number | string }>(sql('select count(*) as "n" from "refresh_tokens" where "user_id" = ?'), [userId]))!.n)

describe('rotated refresh tokens are kept only for REFRESH_REUSE_WINDOW', () => {
  const clock = fakeClock()
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff({ clock })
  })
  afterAll(() => bff.dispose())

  it('a session refreshed every 30 minutes for a month keeps at most a day of rotated tokens (the default window)', async () => {
    const session = await signIn(bff, newPhone())
    let token = session.refreshToken
    let most = 0
    // 1,440 refreshes, through the login service itself (the HTTP round trip would only add time here).
    for (let i = 0; i < 30 * 24 * 2; i += 1) {
      clock.advance(30 * MINUTE)
      token = (await bff.deps.signIn.refresh(token)).refreshToken
      if (i % 200 === 0) most = Math.max(most, await tokenRows(bff, session.user.id))
    }
    const rows = await tokenRows(bff, session.user.id)
    // A day of rotations (48) plus the live token, not 1,441.
    expect(Math.max(most, rows)).toBeLessThanOrEqual(24 * 2 + 2)
    expect((await refresh(bff, token)).status).toBe(200)
  }, 120_000)

  it('reuse detection still works inside the window: a token rotated an hour ago ends the session', async () => {
    const session = await signIn(bff, newPhone())
    const next = (await refresh(bff, session.refreshToken)).body
    clock.advance(60 * MINUTE)
    expectError(await refresh(bff, session.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    // The holder of the current token is signed out too: someone has a copy.
    expectError(await refresh(bff, next.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    expectError(await request(`${bff.url}/api/me`, { token: next.accessToken }), 401, 'UNAUTHORIZED')
  })

  it('past the window a rotated token is merely unknown: refused, and the session goes on', async () => {
    const session = await signIn(bff, newPhone())
    const second = (await refresh(bff, session.refreshToken)).body
    clock.advance(25 * 60 * MINUTE)
    const third = (await refresh(bff, second.refreshToken)).body // rotating prunes what is past the window
    expectError(await refresh(bff, session.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    expect((await refresh(bff, third.refreshToken)).status).toBe(200)
  })
})

describe('REFRESH_REUSE_WINDOW', () => {
  const clock = fakeClock()
  let bff: TestBff
  afterAll(() => bff.dispose())

  it('bounds the rows by window / refresh interval: a 10-minute window, refreshed every minute for a day', async () => {
    bff = await startTestBff({ clock, env: { REFRESH_REUSE_WINDOW: '600' } })
    const session = await signIn(bff, newPhone())
    let token = session.refreshToken
    for (let i = 0; i < 24 * 60; i += 1) {
      clock.advance(MINUTE)
      token = (await bff.deps.signIn.refresh(token)).refreshToken
    }
    expect(await tokenRows(bff, session.user.id)).toBeLessThanOrEqual(12)
  }, 60_000)
})
