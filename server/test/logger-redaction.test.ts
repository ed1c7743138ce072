import { describe, expect, it } from 'vitest'
import { createLogger } from '../src/logger'
import { logCapture } from './support/bff'

function logOnce(fields: Record<string, unknown>): Record<string, unknown> {
  const capture = logCapture()
  createLogger({ level: 'info', stream: capture.stream }).info(fields, 'line')
  const [line] = capture.lines()
  return line!
}

describe('log redaction (the safety net for a log call that slips a secret in)', () => {
  it('censors secret keys at the top level, including a bare `code`', () => {
    const line = logOnce({ token: 't0', refreshToken: 'r0', secret: 's0', phoneCode: 'p0', loginCode: 'l0', code: 'c0', session_key: 'k0', keep: 'kept' })
    expect(line).toMatchObject({
      token: '[redacted]', refreshToken: '[redacted]', secret: '[redacted]', phoneCode: '[redacted]',
      loginCode: '[redacted]', code: '[redacted]', session_key: '[redacted]', keep: 'kept',
    })
  })

  it('censors them one level down, and headers.authorization / headers.cookie two levels down', () => {
    const line = logOnce({
      body: { loginCode: 'l1', purePhoneNumber: '13800138000', keep: 'kept' },
      req: { headers: { authorization: 'Bearer a1', cookie: 'c1', accept: 'application/json' } },
    })
    expect(line.body).toEqual({ loginCode: '[redacted]', purePhoneNumber: '[redacted]', keep: 'kept' })
    expect(line.req).toEqual({ headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'application/json' } })
  })

  it("keeps a nested `code` (an error's, such as SQLITE_BUSY, which operators need)", () => {
    const line = logOnce({ err: Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), upstream: { code: 45011 } })
    expect(line.err).toMatchObject({ code: 'SQLITE_BUSY', message: 'database is locked' })
    expect(line.upstream).toEqual({ code: 45011 })
  })

  it('censors a secret carried by an Error, which still logs as an error (type, message, stack)', () => {
    const err = Object.assign(new Error('boom'), { token: 't2', code: 'E_SOMETHING' })
    const logged = logOnce({ err }).err as Record<string, unknown>
    expect(logged).toMatchObject({ type: 'Error', message: 'boom', token: '[redacted]', code: 'E_SOMETHING' })
    expect(logged.stack).toEqual(expect.stringContaining('boom'))
  })

  it("leaves the caller's objects as they were", () => {
    const body = { refreshToken: 'r3' }
    const headers = { authorization: 'Bearer a3' }
    const err = Object.assign(new Error('boom'), { secret: 's3' })
    logOnce({ body, req: { headers }, err })
    expect(body.refreshToken).toBe('r3')
    expect(headers.authorization).toBe('Bearer a3')
    expect(err.secret).toBe('s3')
  })
})
