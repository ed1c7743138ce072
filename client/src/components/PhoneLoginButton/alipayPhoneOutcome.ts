import type { PhoneNumberOutcome } from './phoneNumberOutcome'

/**
 * Alipay's error numbers for "the user said no": 11 the user cancelled; 2001–2003 authorisation refused
 * (this time, always, before). Its texts say 取消 / 拒绝 when the number is missing.
 */
const DENIED = [11, 2001, 2002, 2003]
const DENIED_TEXT = /取消|拒绝|cancel|deny/i

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? value as Record<string, unknown> : {}
}

/**
 * An Alipay failure as the outcomes WeChat's button has: the getAuthorize button's `error` event
 * (`e.detail = { error, errorMessage }`) or `my.getPhoneNumber`'s fail (`{ error, errorMessage }`).
 */
export function readAlipayFailure(failure: unknown): Exclude<PhoneNumberOutcome, { kind: 'code' }> {
  const outer = record(failure)
  const e = Object.keys(record(outer.detail)).length > 0 ? record(outer.detail) : outer
  const raw = e.error ?? e.errno
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
  const errno = typeof n === 'number' && Number.isFinite(n) ? n : null
  const message = e.errorMessage ?? e.errMsg ?? e.message
  const errMsg = typeof message === 'string' ? message : ''
  if ((errno !== null && DENIED.includes(errno)) || DENIED_TEXT.test(errMsg)) return { kind: 'deny', errMsg }
  return { kind: 'error', errno, errMsg, noCode: false }
}

/**
 * `my.getPhoneNumber`'s success: `res.response` is the signed, encrypted phone response, sent to the BFF
 * verbatim (its signature covers it as it is). Empty: Alipay gave nothing to send.
 */
export function readAlipayPhoneResponse(result: unknown): PhoneNumberOutcome {
  const response = record(result).response
  if (typeof response === 'string' && response.trim() !== '') return { kind: 'code', code: response }
  return { kind: 'error', errno: null, errMsg: 'getPhoneNumber:ok without response', noCode: false }
}
