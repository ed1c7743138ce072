import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBff, type TestBff } from './support/bff'
import { countRows, runSql, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

let bff: TestBff
let accessToken: string
beforeAll(async () => {
  bff = await startTestBff()
  accessToken = (await signIn(bff, newPhone())).accessToken
})
afterAll(() => bff.dispose())

const ROUTES = ['/api/auth/phone-login', '/api/auth/wx-login', '/api/auth/refresh', '/api/auth/logout', '/api/me/phone']

const BAD_BODIES: [string, string][] = [
  ['malformed JSON', '{"phoneCode":'],
  ['an empty body', ''],
  ['an array', '[]'],
  ['an array of the right object', '[{"phoneCode":"abc","loginCode":"abc","refreshToken":"abc"}]'],
  ['null', 'null'],
  ['a string', '"phoneCode"'],
  ['a number', '42'],
  ['an empty object', '{}'],
  ['wrong types', '{"phoneCode":1,"loginCode":true,"refreshToken":["x"]}'],
  ['empty strings', '{"phoneCode":"","loginCode":"","refreshToken":""}'],
  ['blank codes', '{"phoneCode":"   ","loginCode":"   ","refreshToken":""}'],
  ['over-long fields', JSON.stringify({ phoneCode: 'x'.repeat(513), loginCode: 'x'.repeat(513), refreshToken: 'x'.repeat(513) })],
  ['a __proto__ key', '{"phoneCode":"abc","loginCode":"abc","refreshToken":"abc","__proto__":{"admin":true}}'],
  ['a nested __proto__ key', '{"phoneCode":"abc","loginCode":"abc","refreshToken":"abc","x":{"__proto__":{"admin":true}}}'],
  ['a constructor key', '{"phoneCode":"abc","loginCode":"abc","refreshToken":"abc","constructor":{"prototype":{"admin":true}}}'],
  ['a prototype key', '{"phoneCode":"abc","loginCode":"abc","refreshToken":"abc","prototype":1}'],
  ['17 KiB', JSON.stringify({ phoneCode: 'abc', loginCode: 'abc', refreshToken: 'abc', pad: 'x'.repeat(17 * 1024) })],
]

describe('bad bodies', () => {
  it.each(BAD_BODIES)('refuses %s on every route with 400 VALIDATION_FAILED, calling nobody and writing nothing', async (_name, rawBody) => {
    const before = await countRows(bff)
    const calls = bff.mock.mock.calls()
    for (const route of ROUTES) {
      const reply = await request(`${bff.url}${route}`, {
        method: 'POST', rawBody, token: accessToken, headers: { 'content-type': 'application/json' },
      })
      expectError(reply, 400, 'VALIDATION_FAILED')
    }
    expect(bff.mock.mock.calls()).toEqual(calls)
    expect(await countRows(bff)).toEqual(before)
  })

  it('refuses a 17 KiB body sent chunked, without Content-Length', async () => {
    const payload = new TextEncoder().encode(JSON.stringify({ phoneCode: 'x'.repeat(17 * 1024) }))
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < payload.length; i += 4096) controller.enqueue(payload.subarray(i, i + 4096))
        controller.close()
      },
    })
    const response = await fetch(`${bff.url}/api/auth/phone-login`, {
      method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half',
    } as RequestInit)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.any(String) } })
  })

  it('accepts a body just under the limit (the limit is 16 KiB, not less)', async () => {
    const pad = 'x'.repeat(16 * 1024 - 100)
    const reply = await request(`${bff.url}/api/auth/logout`, { body: { refreshToken: 'unknown', pad } })
    expect(reply.status).toBe(204)
  })

  it('ignores unknown fields rather than failing on them', async () => {
    const reply = await request(`${bff.url}/api/auth/logout`, { body: { refreshToken: 'unknown', extra: { nested: [1, 2] } } })
    expect(reply.status).toBe(204)
  })
})

describe('routing and headers', () => {
  it('answers an unknown route or method with 404 in the error envelope', async () => {
    for (const [method, path] of [['GET', '/nope'], ['GET', '/api/auth/phone-login'], ['POST', '/healthz'], ['GET', '/__dev/wechat/login-code']] as const) {
      const reply = await request(`${bff.url}${path}`, { method })
      expect(reply.status).toBe(404)
      expect(reply.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.stringContaining(path) } })
    }
  })

  it('gives every response a request id, keeping a well-formed one the client sent', async () => {
    const fresh = await request(`${bff.url}/healthz`)
    expect(fresh.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/)
    const echoed = await request(`${bff.url}/healthz`, { headers: { 'x-request-id': 'client-chosen-id-123' } })
    expect(echoed.headers.get('x-request-id')).toBe('client-chosen-id-123')
  })

  it('sends security headers', async () => {
    const reply = await request(`${bff.url}/healthz`)
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff')
    expect(reply.headers.get('x-frame-options')).toBe('DENY')
  })

  it('answers GET /healthz with {"ok": true} and GET /metrics with upstream counts', async () => {
    const health = await request(`${bff.url}/healthz`)
    expect(health.status).toBe(200)
    expect(health.body).toEqual({ ok: true })
    const metrics = await request(`${bff.url}/metrics`)
    expect(metrics.status).toBe(200)
    expect(metrics.text).toMatch(/^wechat_upstream_calls_total\{app="[\w]+",endpoint="getuserphonenumber",outcome="ok"\} [1-9]\d*$/m)
  })
})

describe('CORS', () => {
  const preflight = (url: string, origin: string) => request(`${url}/api/auth/phone-login`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
  })

  it('outside production without CORS_ORIGINS, allows local http origins only', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://localhost']) {
      const reply = await preflight(bff.url, origin)
      expect(reply.headers.get('access-control-allow-origin')).toBe(origin)
      expect(reply.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
    }
    for (const origin of ['https://evil.example', 'http://localhost.evil.example', 'https://localhost:5173']) {
      expect((await preflight(bff.url, origin)).headers.get('access-control-allow-origin')).toBeNull()
    }
    const simple = await request(`${bff.url}/healthz`, { headers: { origin: 'http://localhost:5173' } })
    expect(simple.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })

  it('with CORS_ORIGINS, allows exactly those', async () => {
    const configured = await startTestBff({ mock: bff.mock, env: { CORS_ORIGINS: 'https://app.example.com, https://m.example.com/' } })
    try {
      for (const origin of ['https://app.example.com', 'https://m.example.com']) {
        expect((await preflight(configured.url, origin)).headers.get('access-control-allow-origin')).toBe(origin)
      }
      expect((await preflight(configured.url, 'http://localhost:5173')).headers.get('access-control-allow-origin')).toBeNull()
    } finally {
      await configured.dispose()
    }
  })
})

describe('rate limit on /api/auth/*', () => {
  it('answers 429 RATE_LIMITED with Retry-After once an address spends AUTH_RATE_LIMIT per minute', async () => {
    const limited = await startTestBff({ mock: bff.mock, env: { AUTH_RATE_LIMIT: '3' } })
    try {
      const logout = (headers: Record<string, string> = {}) =>
        request(`${limited.url}/api/auth/logout`, { body: { refreshToken: 'unknown' }, headers })
      for (let i = 0; i < 3; i++) expect((await logout()).status).toBe(204)
      const refused = await logout()
      expectError(refused, 429, 'RATE_LIMITED')
      const retryAfter = Number(refused.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThanOrEqual(1)
      expect(retryAfter).toBeLessThanOrEqual(60)
      // Bad bodies count too (the limit is checked before anything else), and X-Forwarded-For is ignored
      // without TRUST_PROXY: a client cannot reset its budget by inventing addresses.
      expectError(await request(`${limited.url}/api/auth/wx-login`, { rawBody: '{' }), 429, 'RATE_LIMITED')
      expectError(await logout({ 'x-forwarded-for': '203.0.113.9' }), 429, 'RATE_LIMITED')
      // Other routes are not limited.
      expect((await request(`${limited.url}/healthz`)).status).toBe(200)
    } finally {
      await limited.dispose()
    }
  })

  it('with TRUST_PROXY=1, counts per address our proxy appended to X-Forwarded-For', async () => {
    const proxied = await startTestBff({ mock: bff.mock, env: { AUTH_RATE_LIMIT: '2', TRUST_PROXY: '1' } })
    try {
      const logout = (forwardedFor: string) =>
        request(`${proxied.url}/api/auth/logout`, { body: { refreshToken: 'unknown' }, headers: { 'x-forwarded-for': forwardedFor } })
      expect((await logout('198.51.100.1')).status).toBe(204)
      expect((await logout('198.51.100.1')).status).toBe(204)
      expectError(await logout('198.51.100.1'), 429, 'RATE_LIMITED')
      // A spoofed first entry does not help: the last entry is the one the proxy saw.
      expectError(await logout('10.9.9.9, 198.51.100.1'), 429, 'RATE_LIMITED')
      expect((await logout('198.51.100.2')).status).toBe(204)
    } finally {
      await proxied.dispose()
    }
  })
})

describe('unexpected failures', () => {
  it('answer 500 with a generic message and no details, logged with the request id', async () => {
    const broken = await startTestBff({ mock: bff.mock })
    try {
      // A schema that lost a table: a bug-class failure, not an outage.
      await runSql(broken, 'drop table "refresh_tokens"')
      const reply = await request(`${broken.url}/api/auth/phone-login`, { body: { phoneCode: broken.mock.mock.mintPhoneCode(newPhone()) } })
      expect(reply.status).toBe(500)
      expect(reply.body).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/^Something went wrong/) } })
      expect(reply.text).not.toMatch(/refresh_tokens|sqlite|SqliteError/i)
      const logged = broken.logs.lines().find((line) => line.msg === 'request failed')
      expect(logged).toMatchObject({ reqId: reply.headers.get('x-request-id'), status: 500 })
      expect(JSON.stringify(logged)).toContain('refresh_tokens')
    } finally {
      await broken.dispose()
    }
  })
})
