import { describe, expect, it } from 'vitest'
import { readPhoneNumberEvent } from '@/components/PhoneLoginButton/phoneNumberOutcome'

describe('readPhoneNumberEvent', () => {
  it('takes the code from e.detail on success', () => {
    expect(readPhoneNumberEvent({ detail: { code: 'abc', errMsg: 'getPhoneNumber:ok' } })).toEqual({ kind: 'code', code: 'abc' })
  })

  it('takes the code from the event itself when there is no e.detail (Skyline)', () => {
    expect(readPhoneNumberEvent({ code: 'sky', errMsg: 'getPhoneNumber:ok' })).toEqual({ kind: 'code', code: 'sky' })
    expect(readPhoneNumberEvent({ detail: null, code: 'sky2' })).toEqual({ kind: 'code', code: 'sky2' })
  })

  it('reads real-time verification the same way', () => {
    expect(readPhoneNumberEvent({ detail: { code: 'rt', errMsg: 'getRealtimePhoneNumber:ok' } })).toEqual({ kind: 'code', code: 'rt' })
  })

  it('treats ok without a code (base library before 2.21.2) as an error, not a login', () => {
    expect(readPhoneNumberEvent({ detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'x', iv: 'y' } }))
      .toEqual({ kind: 'error', errno: null, errMsg: 'getPhoneNumber:ok', noCode: true })
    expect(readPhoneNumberEvent({ detail: { code: '   ', errMsg: 'getPhoneNumber:ok' } }))
      .toMatchObject({ kind: 'error', noCode: true })
  })

  it.each([
    'getPhoneNumber:fail user deny',
    'getPhoneNumber:fail:user deny',
    'getPhoneNumber:fail user cancel',
    'getRealtimePhoneNumber:fail user deny',
  ])('maps %s to deny', (errMsg) => {
    expect(readPhoneNumberEvent({ detail: { errMsg } })).toEqual({ kind: 'deny', errMsg })
  })

  it('maps errno 1400001 to quota, whatever errMsg says', () => {
    expect(readPhoneNumberEvent({ detail: { errMsg: 'getPhoneNumber:fail no quota', errno: 1400001 } }))
      .toEqual({ kind: 'quota', errno: 1400001, errMsg: 'getPhoneNumber:fail no quota' })
    expect(readPhoneNumberEvent({ detail: { errMsg: 'getPhoneNumber:fail', errno: '1400001' } })).toMatchObject({ kind: 'quota' })
  })

  it.each([
    [104, 'getPhoneNumber:fail privacy permission is not authorized'],
    [112, 'getPhoneNumber:fail api scope is not declared in the privacy agreement'],
  ])('maps errno %i to privacy', (errno, errMsg) => {
    expect(readPhoneNumberEvent({ detail: { errMsg, errno } })).toEqual({ kind: 'privacy', errno, errMsg })
  })

  it('maps a privacy errMsg without errno to privacy', () => {
    expect(readPhoneNumberEvent({ detail: { errMsg: 'getPhoneNumber:fail privacy permission is not authorized' } }))
      .toMatchObject({ kind: 'privacy', errno: null })
  })

  it('never treats a failed event as a code, even if it carries one', () => {
    expect(readPhoneNumberEvent({ detail: { code: 'stale', errMsg: 'getPhoneNumber:fail user deny' } })).toMatchObject({ kind: 'deny' })
    expect(readPhoneNumberEvent({ detail: { code: 'stale', errMsg: 'getPhoneNumber:fail', errno: 1400001 } })).toMatchObject({ kind: 'quota' })
  })

  it('maps any other failure to error', () => {
    expect(readPhoneNumberEvent({ detail: { errMsg: 'getPhoneNumber:fail system error', errno: 1 } }))
      .toEqual({ kind: 'error', errno: 1, errMsg: 'getPhoneNumber:fail system error', noCode: false })
    expect(readPhoneNumberEvent({ detail: { errMsg: 'getPhoneNumber:fail' } })).toMatchObject({ kind: 'error', noCode: false })
  })

  it('survives events with no usable shape', () => {
    for (const event of [undefined, null, 42, 'x', {}, { detail: 'nope' }, { detail: { code: 7 } }]) {
      expect(readPhoneNumberEvent(event).kind).toBe('error')
    }
  })
})
