import { describe, expect, it } from 'vitest'
import { readAlipayFailure, readAlipayPhoneResponse } from '@/components/PhoneLoginButton/alipayPhoneOutcome'
import { readDouyinPhoneEvent } from '@/components/PhoneLoginButton/douyinPhoneOutcome'

// Douyin's texts: developer.open-douyin.com … acquire-phone-number-acquire (errMsg list) and new-phone-method (e.detail.code).
describe('readDouyinPhoneEvent', () => {
  it('takes the phone code from e.detail.code (base library 3.51.0+)', () => {
    expect(readDouyinPhoneEvent({ detail: { code: 'dy-code', errMsg: 'getPhoneNumber:ok' } })).toEqual({ kind: 'code', code: 'dy-code' })
  })

  it('treats ok with only encryptedData and iv (base library before 3.51.0) as an old app, not a login', () => {
    expect(readDouyinPhoneEvent({ detail: { errMsg: 'getPhoneNumber:ok', encryptedData: 'x', iv: 'y' } }))
      .toEqual({ kind: 'error', errno: null, errMsg: 'getPhoneNumber:ok', noCode: true })
  })

  it.each(['getPhoneNumber:fail auth deny', 'getPhoneNumber:fail:auth deny', 'getPhoneNumber:fail user deny', 'getPhoneNumber:fail cancel'])(
    'maps the user saying no (%s) to deny, as on WeChat', (errMsg) => {
      expect(readDouyinPhoneEvent({ detail: { errMsg } })).toEqual({ kind: 'deny', errMsg })
    })

  it.each([
    'getPhoneNumber:fail platform auth deny', // the platform has not granted (or has withdrawn) the capability
    'getPhoneNumber:fail no permission', // the app never applied for it
    'getPhoneNumber:fail no phone number',
    'getPhoneNumber:fail not login',
    'getPhoneNumber:fail invalid session',
    'getPhoneNumber:fail internal error',
  ])('maps %s to error, never to deny', (errMsg) => {
    expect(readDouyinPhoneEvent({ detail: { errMsg, errno: 10200 } })).toEqual({ kind: 'error', errno: 10200, errMsg, noCode: false })
  })

  it('ignores a code that comes with a failure', () => {
    expect(readDouyinPhoneEvent({ detail: { code: 'c', errMsg: 'getPhoneNumber:fail auth deny' } })).toMatchObject({ kind: 'deny' })
  })
})

// Alipay: AlipayDocs/open-docs my.getPhoneNumber.md (onError: 授权失败回调，包括用户拒绝和系统异常).
describe('Alipay phone outcomes', () => {
  const response = JSON.stringify({ response: 'bXkgY2lwaGVydGV4dA==', sign: 's1g', sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' })

  it('passes my.getPhoneNumber\'s res.response on verbatim, spaces and all', () => {
    expect(readAlipayPhoneResponse({ response })).toEqual({ kind: 'code', code: response })
    expect(readAlipayPhoneResponse({ response: ` ${response}\n` })).toEqual({ kind: 'code', code: ` ${response}\n` })
  })

  it('makes an empty or missing response an error, not a login', () => {
    expect(readAlipayPhoneResponse({ response: '' })).toMatchObject({ kind: 'error' })
    expect(readAlipayPhoneResponse({})).toMatchObject({ kind: 'error' })
    expect(readAlipayPhoneResponse(null)).toMatchObject({ kind: 'error' })
  })

  it.each([
    [{ detail: { error: 11, errorMessage: '用户取消操作' } }],
    [{ detail: { error: 2001, errorMessage: '' } }],
    [{ detail: { errorMessage: '用户拒绝授权' } }],
    [{ error: 11, errorMessage: '用户取消' }],
    [{ error: '2002' }],
  ])('maps the user refusing (%j) to deny', (failure) => {
    expect(readAlipayFailure(failure)).toMatchObject({ kind: 'deny' })
  })

  it.each([
    [{ detail: { error: 3, errorMessage: '未知错误' } }, 3],
    [{ error: 40003, errorMessage: 'Insufficient Conditions' }, 40003],
    [{ errorMessage: '系统繁忙' }, null],
    [undefined, null],
  ])('maps anything else (%j) to error with its number', (failure, errno) => {
    expect(readAlipayFailure(failure)).toMatchObject({ kind: 'error', errno, noCode: false })
  })
})
