import { describe, expect, it } from 'vitest'
import { ERROR_STATUS, isErrorBody, isErrorCode } from './error-codes'

describe('error envelope', () => {
  it('maps every contract code to its status', () => {
    expect(ERROR_STATUS).toEqual({
      VALIDATION_FAILED: 400,
      PHONE_CODE_INVALID: 400,
      LOGIN_CODE_INVALID: 400,
      LOGIN_BLOCKED: 403,
      PHONE_MISMATCH: 403,
      REAUTH_REQUIRED: 403,
      UNAUTHORIZED: 401,
      REFRESH_TOKEN_INVALID: 401,
      NOT_FOUND: 404,
      PHONE_TAKEN: 409,
      RATE_LIMITED: 429,
      WECHAT_UNAVAILABLE: 503,
      SERVICE_UNAVAILABLE: 503,
      WECHAT_MISCONFIGURED: 500,
      PLATFORM_UNAVAILABLE: 503,
      PLATFORM_MISCONFIGURED: 500,
    })
  })

  it('recognises only listed codes, never inherited properties', () => {
    expect(isErrorCode('PHONE_TAKEN')).toBe(true)
    expect(isErrorCode('toString')).toBe(false)
    expect(isErrorCode('__proto__')).toBe(false)
    expect(isErrorCode(400)).toBe(false)
  })

  it('recognises the envelope', () => {
    expect(isErrorBody({ error: { code: 'RATE_LIMITED', message: 'slow down' } })).toBe(true)
    expect(isErrorBody({ error: { code: 'NOPE', message: 'x' } })).toBe(false)
    expect(isErrorBody({ error: { code: 'RATE_LIMITED' } })).toBe(false)
    expect(isErrorBody('error')).toBe(false)
    expect(isErrorBody(null)).toBe(false)
  })
})
