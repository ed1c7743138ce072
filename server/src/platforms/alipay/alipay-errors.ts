import { loginCodeInvalid, misconfigured, rejected, unavailable, type Classified } from '../upstream/platform-errors'

export type AlipayEndpoint = 'alipay.system.oauth.token' | 'phone_response'
export const ALIPAY_ENDPOINTS: readonly AlipayEndpoint[] = ['alipay.system.oauth.token', 'phone_response']

/**
 * Alipay gateway error (`error_response: {code, msg, sub_code, sub_msg}`) → what the BFF answers, for
 * alipay.system.oauth.token.
 *
 * | code  | sub_code                                       | outcome       | contract code              |
 * |-------|------------------------------------------------|---------------|----------------------------|
 * | 40002 | isv.code-invalid, isv.code-expired, …code…     | rejected      | LOGIN_CODE_INVALID 400     |
 * | 40004 | (business refusal of this code)                | rejected      | LOGIN_CODE_INVALID 400     |
 * | 40002 | isv.invalid-signature, isv.invalid-app-id, …   | misconfigured | PLATFORM_MISCONFIGURED 500 |
 * | 40001 | (a parameter missing: our request is broken)   | misconfigured | PLATFORM_MISCONFIGURED 500 |
 * | 40003 | (app not online, conditions unmet)             | misconfigured | PLATFORM_MISCONFIGURED 500 |
 * | 40006 | (insufficient permissions)                     | misconfigured | PLATFORM_MISCONFIGURED 500 |
 * | 20000 | aop.unknow-error, service busy                 | unavailable   | PLATFORM_UNAVAILABLE 503   |
 * | other |                                                | unavailable   | PLATFORM_UNAVAILABLE 503   |
 *
 * An answer whose signature does not verify with the configured alipayPublicKey is PLATFORM_MISCONFIGURED
 * (that key is the likely fault; an attacker inside TLS is not); timeouts, HTTP errors and garbage are
 * PLATFORM_UNAVAILABLE. The code is never sent twice.
 */
export function classifyGatewayError(code: string, subCode: string): Classified {
  const detail = `${code} ${subCode}`.trim()
  if (code === '40002' && /(^|[.-])(code|auth-code|grant)([.-]|$)/i.test(subCode)) return rejected(loginCodeInvalid('Alipay'))
  if (code === '40004') return rejected(loginCodeInvalid('Alipay'))
  if (code === '40001' || code === '40002' || code === '40003' || code === '40006') return misconfigured('Alipay', detail)
  return unavailable('Alipay', detail)
}
