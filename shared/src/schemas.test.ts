import { describe, expect, it } from 'vitest'
import { changePhoneBody, deleteAccountBody, devLoginCodeBody, devPhoneCodeBody, devQuotaBody, phoneLoginBody, refreshBody, wxLoginBody } from './schemas'

describe('body schemas', () => {
  it('accepts the contract bodies and strips unknown fields', () => {
    expect(phoneLoginBody.parse({ phoneCode: 'p1', loginCode: 'l1', extra: 1 })).toEqual({ phoneCode: 'p1', loginCode: 'l1' })
    expect(phoneLoginBody.parse({ phoneCode: 'p1' })).toEqual({ phoneCode: 'p1' })
    expect(wxLoginBody.parse({ loginCode: 'l1' })).toEqual({ loginCode: 'l1' })
    expect(refreshBody.parse({ refreshToken: 'r' })).toEqual({ refreshToken: 'r' })
    // loginCode is required by the route (403 REAUTH_REQUIRED), not by the schema (400).
    expect(changePhoneBody.parse({ phoneCode: 'p' })).toEqual({ phoneCode: 'p' })
    expect(changePhoneBody.parse({ phoneCode: 'p', loginCode: 'l' })).toEqual({ phoneCode: 'p', loginCode: 'l' })
    expect(deleteAccountBody.parse({ loginCode: 'l' })).toEqual({ loginCode: 'l' })
  })

  it('accepts a device and the realtime flag, and an empty device', () => {
    const device = { platform: 'ios', model: 'iPhone 15', appVersion: '1.2.0' }
    expect(phoneLoginBody.parse({ phoneCode: 'p', device, realtime: true })).toEqual({ phoneCode: 'p', device, realtime: true })
    expect(wxLoginBody.parse({ loginCode: 'l', device: {} })).toEqual({ loginCode: 'l', device: {} })
    expect(deleteAccountBody.parse({ phoneCode: 'p', realtime: false })).toEqual({ phoneCode: 'p', realtime: false })
  })

  it.each([
    ['missing field', phoneLoginBody, {}],
    ['wrong type', phoneLoginBody, { phoneCode: 42 }],
    ['blank code', phoneLoginBody, { phoneCode: '   ' }],
    ['null optional', phoneLoginBody, { phoneCode: 'p', loginCode: null }],
    ['oversized code', wxLoginBody, { loginCode: 'x'.repeat(513) }],
    ['array body', refreshBody, [{ refreshToken: 'r' }]],
    ['empty token', refreshBody, { refreshToken: '' }],
    ['bad phone', devPhoneCodeBody, { phone: '138-0013-8000' }],
    ['bad openid', devLoginCodeBody, { openid: 'a b' }],
    ['unknown device field', wxLoginBody, { loginCode: 'l', device: { os: 'ios' } }],
    ['device field over 64 characters', phoneLoginBody, { phoneCode: 'p', device: { model: 'x'.repeat(65) } }],
    ['device of the wrong type', phoneLoginBody, { phoneCode: 'p', device: 'iPhone' }],
    ['realtime as a string', changePhoneBody, { phoneCode: 'p', realtime: 'yes' }],
    ['a NUL byte in a device field', phoneLoginBody, { phoneCode: 'p', device: { model: 'iPhone\u0000' } }],
    ['a newline at the end of a code', phoneLoginBody, { phoneCode: 'p\n' }],
    ['DEL in a login code', changePhoneBody, { phoneCode: 'p', loginCode: 'l\u007f' }],
    ['a tab in a refresh token', refreshBody, { refreshToken: 'r\tr' }],
    ['an escape in a delete code', deleteAccountBody, { loginCode: '\u001b[31m' }],
    ['quota flag missing', devQuotaBody, {}],
  ] as const)('rejects %s', (_name, schema, body) => {
    expect(schema.safeParse(body).success).toBe(false)
  })

  it('accepts dev minting bodies', () => {
    expect(devPhoneCodeBody.parse({ phone: '+8613800138000' })).toEqual({ phone: '+8613800138000' })
    expect(devLoginCodeBody.parse({})).toEqual({})
  })
})
