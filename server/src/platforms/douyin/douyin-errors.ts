import { loginCodeInvalid, misconfigured, phoneCodeInvalid, rejected, unavailable, type Classified } from '../upstream/platform-errors'

export type DouyinEndpoint = 'token' | 'jscode2session' | 'get_phonenumber_info'
export const DOUYIN_ENDPOINTS: readonly DouyinEndpoint[] = ['token', 'jscode2session', 'get_phonenumber_info']

/**
 * Douyin err_no → what the BFF answers. Douyin answers every error as `{err_no, err_tips}` (HTTP 200).
 *
 * | endpoint              | err_no                                       | outcome       | contract code              |
 * |-----------------------|----------------------------------------------|---------------|----------------------------|
 * | jscode2session        | 40018 (bad code), 40019 (bad anonymous_code), | rejected      | LOGIN_CODE_INVALID 400     |
 * |                       | 40014 (bad params: an empty or mangled code)  |               |                            |
 * | get_phonenumber_info  | 28001003, 28001008 (client token invalid or   | token_expired | (drop the token, fetch one,|
 * |                       | expired)                                      |               |  retry once; then 503)     |
 * | get_phonenumber_info  | 28001014, 28001016, 28001018, 28001019        | misconfigured | PLATFORM_MISCONFIGURED 500 |
 * |                       | (no permission: capability not granted)       |               |                            |
 * | get_phonenumber_info  | -1, 28001005, 28001006 (busy), 28003017       | unavailable   | PLATFORM_UNAVAILABLE 503   |
 * |                       | (rate limited)                                |               |                            |
 * | get_phonenumber_info  | any other err_no (28005187 expired or used,   | rejected      | PHONE_CODE_INVALID 400     |
 * |                       | 40014 bad code, …)                            |               |                            |
 * | token, jscode2session | 40015 (bad appid), 40017 (bad secret)         | misconfigured | PLATFORM_MISCONFIGURED 500 |
 * | token                 | 40014 (bad params: our request is broken)     | misconfigured | PLATFORM_MISCONFIGURED 500 |
 * | token, jscode2session | -1 and any other err_no                       | unavailable   | PLATFORM_UNAVAILABLE 503   |
 * | any                   | timeout, network, HTTP ≠ 2xx, not JSON,       | unavailable   | PLATFORM_UNAVAILABLE 503   |
 * |                       | missing fields                                |               |                            |
 * | get_phonenumber_info  | `data` that does not decrypt with our key     | misconfigured | PLATFORM_MISCONFIGURED 500 |
 * | get_phonenumber_info  | watermark.appid ≠ our appid                   | rejected      | PHONE_CODE_INVALID 400     |
 *
 * On the phone endpoint an unlisted err_no is the code's fault (Douyin documents its phone errors per code,
 * not as one list): the user taps again, which is the only remedy anyway. Nothing is retried after Douyin may
 * have consumed a code.
 */
const TOKEN_ERR = new Set([28001003, 28001008])
const PERMISSION_ERR = new Set([28001014, 28001016, 28001018, 28001019])
const BUSY_ERR = new Set([-1, 28001005, 28001006, 28003017])

export function classifyErrNo(endpoint: DouyinEndpoint, errNo: number): Classified {
  if (errNo === 40015 || errNo === 40017) return misconfigured('Douyin', `err_no ${errNo}`)
  if (endpoint === 'token') {
    return errNo === 40014 ? misconfigured('Douyin', `err_no ${errNo}`) : unavailable('Douyin', `err_no ${errNo}`)
  }
  if (endpoint === 'jscode2session') {
    if (errNo === 40014 || errNo === 40018 || errNo === 40019) return rejected(loginCodeInvalid('Douyin'))
    return unavailable('Douyin', `err_no ${errNo}`)
  }
  if (TOKEN_ERR.has(errNo)) return { outcome: 'token_expired', error: unavailable('Douyin', 'it kept rejecting our client token').error }
  if (PERMISSION_ERR.has(errNo)) return misconfigured('Douyin', `err_no ${errNo}: the phone number capability is not granted`)
  if (BUSY_ERR.has(errNo)) return unavailable('Douyin', `err_no ${errNo}`)
  return rejected(phoneCodeInvalid('Douyin'))
}
