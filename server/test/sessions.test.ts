import type { Session, User } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from './support/fake-clock'
import { startTestBff, type TestBff } from './support/bff'
import { refresh, runSql, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

const clock = fakeClock(Date.now())
let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff({ clock })
})
afterAll(() => bff.dispose())

const me = (token: string) => request<User>(`${bff.url}/api/me`, { token })
const logout = (refreshToken: unknown) => request(`${bff.url}/api/auth/logout`, { body: { refreshToken } })

describe('POST /api/auth/refresh', () => {
  it('rotates: a new refresh token and access token for the same account; the old refresh token stops working', async () => {
    const session = await signIn(bff, newPhone())
    const reply = await refresh(bff, session.refreshToken)
    expect(reply.status).toBe(200)
    expect(reply.body.user).toEqual(session.user)
    expect(reply.body.expiresIn).toBe(900)
    expect(reply.body.refreshToken).not.toBe(session.refreshToken)
    expect((await me(reply.body.accessToken)).status).toBe(200)
    expectError(await refresh(bff, session.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
  })

  it('treats a rotated token presented again as theft: the whole family is revoked, descendants included', async () => {
    const session = await signIn(bff, newPhone())
    const other = await signIn(bff, newPhone()) // another login session, unaffected
    const second = (await refresh(bff, session.refreshToken)).body
    const third = (await refresh(bff, second.refreshToken)).body
    expectError(await refresh(bff, session.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    expectError(await refresh(bff, third.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    expect((await refresh(bff, other.refreshToken)).status).toBe(200)
  })

  it('lets exactly one of two concurrent refreshes with one token win; the other is reuse', async () => {
    const session = await signIn(bff, newPhone())
    const replies = await Promise.all([refresh(bff, session.refreshToken), refresh(bff, session.refreshToken)])
    expect(replies.map((r) => r.status).sort()).toEqual([200, 401])
    const winner = replies.find((r) => r.status === 200)!.body as Session
    // The loser's reuse revoked the family, the winner's new token with it.
    expectError(await refresh(bff, winner.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
  })

  it('refuses an expired refresh token', async () => {
    const session = await signIn(bff, newPhone())
    clock.advance(2_592_000 * 1000 + 1000)
    try {
      expectError(await refresh(bff, session.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    } finally {
      clock.set(Date.now())
    }
  })

  it('refuses an unknown token with 401 and a malformed body with 400', async () => {
    expectError(await refresh(bff, 'x'.repeat(43)), 401, 'REFRESH_TOKEN_INVALID')
    expectError(await refresh(bff, ''), 400, 'VALIDATION_FAILED')
    expectError(await request(`${bff.url}/api/auth/refresh`, { body: {} }), 400, 'VALIDATION_FAILED')
  })
})

describe('POST /api/auth/logout', () => {
  it('answers 204 and ends that session only', async () => {
    const phone = newPhone()
    const session = await signIn(bff, phone)
    const otherDevice = await signIn(bff, phone)
    const reply = await logout(session.refreshToken)
    expect(reply.status).toBe(204)
    expect(reply.text).toBe('')
    expectError(await refresh(bff, session.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    expect((await refresh(bff, otherDevice.refreshToken)).status).toBe(200)
  })

  it('is idempotent: an unknown or already logged-out token is also 204', async () => {
    const session = await signIn(bff, newPhone())
    expect((await logout(session.refreshToken)).status).toBe(204)
    expect((await logout(session.refreshToken)).status).toBe(204)
    expect((await logout('never-issued')).status).toBe(204)
  })

  it('refuses a malformed body with 400', async () => {
    expectError(await logout(42), 400, 'VALIDATION_FAILED')
  })
})

describe('access tokens', () => {
  it('accepts its own token and answers the signed-in account', async () => {
    const session = await signIn(bff, newPhone())
    const reply = await me(session.accessToken)
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual(session.user)
  })

  // Forged tokens (alg confusion, unknown kid, wrong claims) and rotation: tokens.test.ts.

  it('refuses an expired token (ACCESS_TOKEN_TTL passed on the clock)', async () => {
    const session = await signIn(bff, newPhone())
    clock.advance(899_000)
    expect((await me(session.accessToken)).status).toBe(200)
    clock.advance(1_000)
    try {
      expectError(await me(session.accessToken), 401, 'UNAUTHORIZED')
    } finally {
      clock.set(Date.now())
    }
  })

  it('refuses a missing or malformed Authorization header', async () => {
    const session = await signIn(bff, newPhone())
    expectError(await request(`${bff.url}/api/me`), 401, 'UNAUTHORIZED')
    expectError(await request(`${bff.url}/api/me`, { headers: { authorization: session.accessToken } }), 401, 'UNAUTHORIZED')
    expectError(await request(`${bff.url}/api/me`, { headers: { authorization: `Basic ${session.accessToken}` } }), 401, 'UNAUTHORIZED')
    expect((await request(`${bff.url}/api/me`, { headers: { authorization: `bearer ${session.accessToken}` } })).status).toBe(200)
  })

  it('refuses the token of an account that no longer exists', async () => {
    const session = await signIn(bff, newPhone())
    await runSql(bff, 'delete from "users" where "id" = ?', [session.user.id])
    expectError(await me(session.accessToken), 401, 'UNAUTHORIZED')
    expectError(await refresh(bff, session.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
  })
})
