import { createHmac } from 'node:crypto'
import type { Session, User } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from './support/fake-clock'
import { AUTH_SIGNING_KEYS, startTestBff, type TestBff } from './support/bff'
import { refresh, runSql, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from './support/phones'

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
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const sign = (data: string, secret: string, alg = 'sha256') => createHmac(alg, secret).update(data).digest('base64url')
  const forge = (header: object, payload: object, secret = AUTH_SIGNING_KEYS, alg = 'sha256') => {
    const data = `${b64(header)}.${b64(payload)}`
    return `${data}.${sign(data, secret, alg)}`
  }

  it('accepts its own token and answers the signed-in account', async () => {
    const session = await signIn(bff, newPhone())
    const reply = await me(session.accessToken)
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual(session.user)
  })

  it('refuses alg "none", other algorithms, tampering, a wrong secret and garbage with 401 UNAUTHORIZED', async () => {
    const session = await signIn(bff, newPhone())
    const [, payloadPart] = session.accessToken.split('.') as [string, string, string]
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString()) as Record<string, unknown>
    const other = await signIn(bff, newPhone())
    const tampered = { ...payload, sub: other.user.id }
    const bad = [
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}`,
      forge({ alg: 'HS512', typ: 'JWT' }, payload, AUTH_SIGNING_KEYS, 'sha512'),
      forge({ alg: 'HS256', typ: 'JWT', kid: 'x' }, payload),
      `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(tampered)}.${session.accessToken.split('.')[2]}`,
      forge({ alg: 'HS256', typ: 'JWT' }, payload, 'another-secret-of-at-least-32-bytes!!'),
      `${session.accessToken}x`,
      'not.a.jwt',
      'garbage',
    ]
    for (const token of bad) expectError(await me(token), 401, 'UNAUTHORIZED')
  })

  it('refuses a token signed with the right secret but without a proper payload', async () => {
    const now = Math.floor(clock.now() / 1000)
    const header = { alg: 'HS256', typ: 'JWT' }
    for (const payload of [{ iat: now, exp: now + 60, jti: 'x' }, { sub: 'u', iat: now, exp: 'later', jti: 'x' }, { sub: 'u', iat: now + 3600, exp: now + 7200, jti: 'x' }]) {
      expectError(await me(forge(header, payload)), 401, 'UNAUTHORIZED')
    }
  })

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
