import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { calculateJwkThumbprint, createRemoteJWKSet, decodeProtectedHeader, importPKCS8, jwtVerify, SignJWT } from 'jose'
import type { Session } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isApiError } from '../src/api-error'
import type { SessionEnv } from '../src/http/require-session'
import { APPID, newSigningKey, startTestBff, tempDir, type TestBff } from './support/bff'
import { refresh, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

const KEY_A = newSigningKey()
const KEY_B = newSigningKey()

let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff({ env: { AUTH_SIGNING_KEYS: KEY_A } })
})
afterAll(() => bff.dispose())

const me = (token: string, on: TestBff = bff) => request(`${on.url}/api/me`, { token })
const verifyRoute = (token: string | undefined, on: TestBff = bff) =>
  request(`${on.url}/api/auth/verify`, token === undefined ? {} : { token })
const remoteJwks = (on: TestBff) => createRemoteJWKSet(new URL(`${on.url}/.well-known/jwks.json`))
const verifyWithJose = (token: string, on: TestBff = bff) => jwtVerify(token, remoteJwks(on), { issuer: 'wx-phone-login', audience: 'api' })
const kidOf = (token: string) => decodeProtectedHeader(token).kid
/** Another base64url character with the same top 2 bits: as the last of 86 characters it decodes the same. */
const spareBitsVariant = (last: string) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const index = alphabet.indexOf(last)
  return alphabet[(index & 0b110000) | ((index + 1) & 0b001111)]!
}
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

async function thumbprintOf(pem: string): Promise<string> {
  return calculateJwkThumbprint(createPublicKey(pem).export({ format: 'jwk' }) as Parameters<typeof calculateJwkThumbprint>[0], 'sha256')
}

describe('access tokens other services can verify (jose, remote JWKS)', () => {
  it('verifies with jose against /.well-known/jwks.json: ES256, kid = RFC 7638 thumbprint, iss, aud, sub, sid, app, iat, exp', async () => {
    const session = await signIn(bff, newPhone())
    const { payload, protectedHeader } = await verifyWithJose(session.accessToken)
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: await thumbprintOf(KEY_A), typ: 'JWT' })
    expect(payload).toMatchObject({ iss: 'wx-phone-login', aud: 'api', sub: session.user.id, app: APPID })
    expect(payload.exp! - payload.iat!).toBe(900)
    const sessions = await request<{ sessions: { id: string; current: boolean }[] }>(`${bff.url}/api/me/sessions`, { token: session.accessToken })
    expect(payload.sid).toBe(sessions.body.sessions.find((s) => s.current)!.id)
    // Another audience or issuer is refused by the verifier, as it must be.
    await expect(jwtVerify(session.accessToken, remoteJwks(bff), { audience: 'orders' })).rejects.toThrow()
    await expect(jwtVerify(session.accessToken, remoteJwks(bff), { issuer: 'someone-else' })).rejects.toThrow()
  })

  it('serves the key set with Cache-Control: public, max-age, and OpenID discovery pointing at it', async () => {
    const jwks = await request<{ keys: Record<string, string>[] }>(`${bff.url}/.well-known/jwks.json`)
    expect(jwks.status).toBe(200)
    expect(jwks.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/)
    expect(jwks.body.keys).toEqual([{ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), kid: await thumbprintOf(KEY_A), alg: 'ES256', use: 'sig' }])
    expect(JSON.stringify(jwks.body)).not.toMatch(/"d"/)
    const discovery = await request<{ issuer: string; jwks_uri: string }>(`${bff.url}/.well-known/openid-configuration`)
    expect(discovery.body).toMatchObject({ issuer: 'wx-phone-login', jwks_uri: `${bff.url}/.well-known/jwks.json` })
    expect((await request(discovery.body.jwks_uri)).body).toEqual(jwks.body)
  })

  it('signs with EdDSA for an Ed25519 key, and takes AUTH_ISSUER / AUTH_AUDIENCE (the issuer\'s origin in discovery)', async () => {
    const ed = await startTestBff({ mock: bff.mock, env: { AUTH_SIGNING_KEYS: newSigningKey('ed25519'), AUTH_ISSUER: 'https://login.example.com', AUTH_AUDIENCE: 'orders' } })
    try {
      const session = await signIn(ed, newPhone())
      const { payload, protectedHeader } = await jwtVerify(session.accessToken, remoteJwks(ed), { issuer: 'https://login.example.com', audience: 'orders' })
      expect(protectedHeader.alg).toBe('EdDSA')
      expect(payload.sub).toBe(session.user.id)
      const discovery = await request<{ issuer: string; jwks_uri: string }>(`${ed.url}/.well-known/openid-configuration`)
      expect(discovery.body).toMatchObject({ issuer: 'https://login.example.com', jwks_uri: 'https://login.example.com/.well-known/jwks.json' })
      expect((await verifyRoute(session.accessToken, ed)).status).toBe(204)
      // A token for another audience (the first BFF's) is not one of ours.
      expectError(await me((await signIn(bff, newPhone())).accessToken, ed), 401, 'UNAUTHORIZED')
    } finally {
      await ed.dispose()
    }
  })
})

describe('rotation (AUTH_SIGNING_KEYS): nobody is signed out', () => {
  it('old + new, then new only: old access tokens refused after, refresh tokens always work', async () => {
    const dir = tempDir('bff-rotation-')
    const start = (keys: string) => startTestBff({ mock: bff.mock, dataDir: dir.path, env: { AUTH_SIGNING_KEYS: keys } })
    const [kidA, kidB] = [await thumbprintOf(KEY_A), await thumbprintOf(KEY_B)]
    let running = await start(KEY_A)
    try {
      const first = await signIn(running, newPhone())
      expect(kidOf(first.accessToken)).toBe(kidA)

      // Step 1: the new key is published second; A still signs.
      await running.stop()
      running = await start(`${KEY_A}${KEY_B}`)
      const jwks = await request<{ keys: { kid: string }[] }>(`${running.url}/.well-known/jwks.json`)
      expect(jwks.body.keys.map((key) => key.kid)).toEqual([kidA, kidB])
      expect(kidOf((await signIn(running, newPhone())).accessToken)).toBe(kidA)
      expect((await me(first.accessToken, running)).status).toBe(200)

      // Step 2: B first signs; tokens signed by A still verify, here and with jose.
      await running.stop()
      running = await start(`${KEY_B}\n${KEY_A}`)
      expect((await me(first.accessToken, running)).status).toBe(200)
      expect((await verifyWithJose(first.accessToken, running)).protectedHeader.kid).toBe(kidA)
      const second = await refresh(running, first.refreshToken)
      expect(second.status).toBe(200)
      expect(kidOf(second.body.accessToken)).toBe(kidB)

      // Step 3: A is dropped. Its access tokens are refused; refresh tokens (never signed) go on working.
      await running.stop()
      running = await start(KEY_B)
      expectError(await me(first.accessToken, running), 401, 'UNAUTHORIZED')
      expectError(await verifyRoute(first.accessToken, running), 401, 'UNAUTHORIZED')
      await expect(verifyWithJose(first.accessToken, running)).rejects.toThrow()
      const third = await refresh(running, second.body.refreshToken)
      expect(third.status).toBe(200)
      expect(third.body.user.id).toBe(first.user.id)
      expect((await me(third.body.accessToken, running)).status).toBe(200)
    } finally {
      await running.dispose()
      dir.remove()
    }
  })

  it('refuses a token from before the upgrade (HS256) with 401; its refresh token still works, once, silently', async () => {
    const session = await signIn(bff, newPhone())
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    const data = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: claims.sub, sid: claims.sid, iat: claims.iat, exp: claims.exp, jti: 'x' })}`
    const legacy = `${data}.${createHmac('sha256', 'the-old-AUTH_SECRET-of-at-least-32-bytes').update(data).digest('base64url')}`
    expectError(await me(legacy), 401, 'UNAUTHORIZED')
    expectError(await verifyRoute(legacy), 401, 'UNAUTHORIZED')
    const renewed = await refresh(bff, session.refreshToken)
    expect(renewed.status).toBe(200)
    expect((await me(renewed.body.accessToken)).status).toBe(200)
  })
})

describe('forged tokens are refused (alg confusion, unknown kid, wrong claims)', () => {
  let session: Session
  let claims: Record<string, unknown>
  let kid: string
  beforeAll(async () => {
    session = await signIn(bff, newPhone())
    claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    kid = kidOf(session.accessToken)!
  })

  const hs256 = (header: object, payload: object, secret: string | Buffer) => {
    const data = `${b64(header)}.${b64(payload)}`
    return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`
  }
  const withKey = async (pem: string, header: { alg: string; kid?: string; [name: string]: unknown }, payload: Record<string, unknown>) =>
    new SignJWT(payload).setProtectedHeader(header).sign(await importPKCS8(pem, header.alg))

  it('refuses HS256 signed with the public key, alg none, an unknown kid, a header with a key of its own', async () => {
    const publicPem = createPublicKey(KEY_A).export({ format: 'pem', type: 'spki' }) as string
    const publicJwk = JSON.stringify(createPublicKey(KEY_A).export({ format: 'jwk' }))
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const strangerPem = stranger.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    const strangerJwk = stranger.publicKey.export({ format: 'jwk' })
    const [, , signature] = session.accessToken.split('.')
    const forged = [
      hs256({ alg: 'HS256', kid, typ: 'JWT' }, claims, publicPem),
      hs256({ alg: 'HS256', kid, typ: 'JWT' }, claims, publicJwk),
      `${b64({ alg: 'none', kid, typ: 'JWT' })}.${b64(claims)}.`,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      // Our own signature under a rewritten header or payload.
      `${b64({ alg: 'ES256', kid, typ: 'JWT', x: 1 })}.${session.accessToken.split('.')[1]}.${signature}`,
      `${b64({ alg: 'EdDSA', kid, typ: 'JWT' })}.${session.accessToken.split('.')[1]}.${signature}`,
      `${session.accessToken.split('.')[0]}.${b64({ ...claims, sub: 'someone-else' })}.${signature}`,
      // Another key: an unknown kid, our kid, a key embedded in the header.
      await withKey(strangerPem, { alg: 'ES256', kid: 'unknown', typ: 'JWT' }, claims),
      await withKey(strangerPem, { alg: 'ES256', kid, typ: 'JWT' }, claims),
      await withKey(strangerPem, { alg: 'ES256', kid, typ: 'JWT', jwk: strangerJwk }, claims),
      await withKey(strangerPem, { alg: 'ES256', typ: 'JWT' }, claims),
      `${session.accessToken}x`,
      // The same signature bytes, written another way (a stray character; the last character's spare bits).
      `${session.accessToken.slice(0, -1)}*${session.accessToken.slice(-1)}`,
      `${session.accessToken.slice(0, -1)}${spareBitsVariant(session.accessToken.slice(-1))}`,
      session.accessToken.slice(0, -2),
      'not.a.jwt',
      'garbage',
    ]
    for (const token of forged) {
      expectError(await me(token), 401, 'UNAUTHORIZED')
      expectError(await verifyRoute(token), 401, 'UNAUTHORIZED')
    }
  })

  it('refuses tokens signed with the right key but with another issuer, audience, no session, or expired', async () => {
    const now = Math.floor(Date.now() / 1000)
    const header = { alg: 'ES256', kid, typ: 'JWT' }
    expect((await me(await withKey(KEY_A, header, claims))).status).toBe(200) // the forger works...
    const { sid: _sid, ...noSession } = claims
    const { app: _app, ...noApp } = claims
    for (const payload of [
      { ...claims, iss: 'someone-else' },
      { ...claims, aud: 'orders' },
      { ...claims, aud: ['api'] },
      noSession,
      noApp,
      { ...claims, sub: '' },
      { ...claims, iat: now - 1000, exp: now - 1 },
      { ...claims, iat: now + 3600, exp: now + 7200 },
      { ...claims, exp: 'later' },
    ]) {
      expectError(await me(await withKey(KEY_A, header, payload)), 401, 'UNAUTHORIZED') // ...and each of these is refused
    }
  })
})

describe('GET /api/auth/verify (forward-auth)', () => {
  it('answers 204 with X-User-Id, X-Session-Id and X-App for a live session; 401 without a token', async () => {
    const session = await signIn(bff, newPhone())
    const reply = await verifyRoute(session.accessToken)
    expect(reply.status).toBe(204)
    expect(reply.text).toBe('')
    const { payload } = await verifyWithJose(session.accessToken)
    expect({
      user: reply.headers.get('x-user-id'), session: reply.headers.get('x-session-id'), app: reply.headers.get('x-app'),
    }).toEqual({ user: session.user.id, session: payload.sid, app: APPID })
    expectError(await verifyRoute(undefined), 401, 'UNAUTHORIZED')
    expectError(await request(`${bff.url}/api/auth/verify`, { headers: { authorization: `Basic ${session.accessToken}` } }), 401, 'UNAUTHORIZED')
  })

  it('answers 401 at once after logout and after the session is revoked from another device', async () => {
    const phone = newPhone()
    const loggedOut = await signIn(bff, phone)
    expect((await verifyRoute(loggedOut.accessToken)).status).toBe(204)
    expect((await request(`${bff.url}/api/auth/logout`, { body: { refreshToken: loggedOut.refreshToken } })).status).toBe(204)
    expectError(await verifyRoute(loggedOut.accessToken), 401, 'UNAUTHORIZED')

    const revoked = await signIn(bff, phone)
    const keeper = await signIn(bff, phone)
    const revokedSid = (await verifyWithJose(revoked.accessToken)).payload.sid as string
    expect((await request(`${bff.url}/api/me/sessions/${revokedSid}/revoke`, { method: 'POST', token: keeper.accessToken })).status).toBe(204)
    expectError(await verifyRoute(revoked.accessToken), 401, 'UNAUTHORIZED')
    expect((await verifyRoute(keeper.accessToken)).status).toBe(204)
    // The token itself is still well signed: only the BFF knows the session ended.
    expect((await verifyWithJose(revoked.accessToken)).payload.sub).toBe(revoked.user.id)
  })

  it('is not under the per-address auth rate limit, and does not spend it', async () => {
    // Refresh has a bucket of its own (REFRESH_RATE_LIMIT): verify spends neither.
    const limited = await startTestBff({ mock: bff.mock, env: { AUTH_RATE_LIMIT: '1', REFRESH_RATE_LIMIT: '1' } })
    try {
      const session = await signIn(limited, newPhone()) // the one login
      for (let i = 0; i < 30; i++) expect((await verifyRoute(session.accessToken, limited)).status).toBe(204)
      const next = await refresh(limited, session.refreshToken) // the one refresh
      expect(next.status).toBe(200)
      expectError(await refresh(limited, (next.body as { refreshToken: string }).refreshToken), 429, 'RATE_LIMITED')
      expect((await verifyRoute(session.accessToken, limited)).status).toBe(204)
    } finally {
      await limited.dispose()
    }
  })
})

describe('requireSession on a team\'s own route', () => {
  it('takes one line, and gives the route the claims and the account of a live session', async () => {
    const team = new Hono<SessionEnv>()
    // Inside the BFF, app.ts's error handler turns the middleware's ApiError into the envelope; here, by hand.
    team.onError((err, c) => c.json({ code: isApiError(err) ? err.code : 'OTHER' }, isApiError(err) ? 401 : 500))
    team.get('/orders', bff.deps.requireSession, (c) => c.json({ userId: c.var.accessClaims.sub, phone: c.var.user.phone }))
    const server = serve({ fetch: team.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`
    try {
      const session = await signIn(bff, newPhone())
      expect((await request(url, { token: session.accessToken })).body).toEqual({ userId: session.user.id, phone: session.user.phone })
      expect((await request(`${bff.url}/api/auth/logout`, { body: { refreshToken: session.refreshToken } })).status).toBe(204)
      expect(await request(url, { token: session.accessToken })).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } })
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
