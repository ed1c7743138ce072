import type { User } from 'shared'
import type { SmartRouter } from 'hono/router/smart-router'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBff, type TestBff } from './support/bff'
import { signIn } from './support/flows'
import { request } from './support/http'
import { newPhone } from '../testing/phones'
import { createApp } from '../src/app'

// The fast path (no CORS work without an Origin, body size from the headers) must answer exactly as before.
let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff({ env: { CORS_ORIGINS: 'https://h5.example.com' } })
})
afterAll(() => bff.dispose())

describe('responses to requests without an Origin (the mini program)', () => {
  it('carry the body, the security headers and Vary: Origin, and no CORS grant', async () => {
    const session = await signIn(bff, newPhone())
    const me = await request<User>(`${bff.url}/api/me`, { token: session.accessToken })
    expect(me.status).toBe(200)
    expect(me.body).toEqual(session.user)
    expect(me.headers.get('content-type')).toMatch(/^application\/json/)
    expect(Number(me.headers.get('content-length'))).toBe(Buffer.byteLength(me.text))
    expect(me.headers.get('x-content-type-options')).toBe('nosniff')
    expect(me.headers.get('x-request-id')).toEqual(expect.any(String))
    expect(me.headers.get('vary')).toMatch(/\bOrigin\b/)
    for (const name of ['access-control-allow-origin', 'access-control-expose-headers']) expect(me.headers.get(name)).toBeNull()
  })

  it('still get CORS headers when a browser on an allowed origin asks', async () => {
    const reply = await request(`${bff.url}/healthz`, { headers: { origin: 'https://h5.example.com' } })
    expect(reply.headers.get('access-control-allow-origin')).toBe('https://h5.example.com')
    expect(reply.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/i)
    expect(reply.headers.get('vary')).toMatch(/\bOrigin\b/)
  })

  it('refuse a body over 16 KiB from its Content-Length, and take a POST with no body as invalid JSON', async () => {
    const big = await request(`${bff.url}/api/auth/refresh`, { body: { refreshToken: 'x'.repeat(17 * 1024) } })
    expect(big.status).toBe(400)
    expect(big.text).toMatch(/larger than 16 KiB/)
    const empty = await request(`${bff.url}/api/auth/refresh`, { method: 'POST' })
    expect(empty.status).toBe(400)
    expect(empty.text).toMatch(/valid JSON/)
  })
})

describe('routing', () => {
  it('fits Hono\'s RegExpRouter (one regular expression per request), not the slower TrieRouter it falls back to', () => {
    const router = createApp(bff.deps).router as SmartRouter<unknown>
    router.match('GET', '/api/me')
    expect(router.activeRouter.name).toBe('RegExpRouter')
  })

  it('answers POST /api/me/sessions/<anything but revoke-others> with 404, as any unknown path', async () => {
    const session = await signIn(bff, newPhone())
    const reply = await request(`${bff.url}/api/me/sessions/revoke-all`, { method: 'POST', token: session.accessToken })
    expect(reply.status).toBe(404)
    expect(reply.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } })
    expect((await request(`${bff.url}/api/me/sessions/revoke-others`, { method: 'POST', token: session.accessToken })).status).toBe(204)
  })
})
