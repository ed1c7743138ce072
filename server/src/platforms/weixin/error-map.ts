import { ApiError } from '../../api-error'
import type { UpstreamEndpoint, UpstreamOutcome } from './types'

/**
 * WeChat errcode → what the BFF answers.
 *
 * | endpoint            | errcode                                          | outcome       | contract code          |
 * |---------------------|--------------------------------------------------|---------------|------------------------|
 * | jscode2session      | 40029, 40163, 41008                              | rejected      | LOGIN_CODE_INVALID 400 |
 * | jscode2session      | 40226                                            | rejected      | LOGIN_BLOCKED 403      |
 * | getuserphonenumber  | 40029, 40013, 41008, 47001                       | rejected      | PHONE_CODE_INVALID 400 |
 * | getuserphonenumber  | 40001, 40014, 42001                              | token_expired | (refetch, retry once;  |
 * |                     |                                                  |               |  then UNAVAILABLE 503) |
 * | stable_token        | 40001 (wrong secret)                             | misconfigured | WECHAT_MISCONFIGURED   |
 * | stable_token,       | 40013                                            | misconfigured | WECHAT_MISCONFIGURED   |
 * | jscode2session      |                                                  |               |                        |
 * | any                 | 40002, 40125, 40164, 40243, 41001, 41002, 41004, | misconfigured | WECHAT_MISCONFIGURED   |
 * |                     | 43002, 48001, 50004, 50007, 89503, 89506, 89507  |               | 500                    |
 * | any                 | -1, 45009, 45011, any other errcode              | unavailable   | WECHAT_UNAVAILABLE 503 |
 * | any                 | timeout, network error, HTTP ≠ 2xx, not JSON,    | unavailable   | WECHAT_UNAVAILABLE 503 |
 * |                     | missing fields                                   |               |                        |
 * | getuserphonenumber  | success but watermark.appid ≠ our appid          | rejected      | PHONE_CODE_INVALID 400 |
 *
 * 40002 (grant_type), 41001 (token missing) and 43002 (wrong method) can only come from a broken deployment
 * (e.g. a proxy in front of WeChat rewriting requests), so they count as misconfiguration. 50004/50007 (token
 * API forbidden, account frozen) and 89503/89506/89507 (caller IP awaiting or refused by an admin) need the
 * operator, like 40164. An errcode not listed is treated as WeChat trouble: logged, 503, never retried.
 */
const CREDENTIAL_ERRCODES = new Set([40002, 40125, 40164, 40243, 41001, 41002, 41004, 43002, 48001, 50004, 50007, 89503, 89506, 89507])
const TOKEN_ERRCODES = new Set([40001, 40014, 42001])

export interface Classified {
  outcome: Exclude<UpstreamOutcome, 'ok'>
  error: ApiError
}

export function classifyErrcode(endpoint: UpstreamEndpoint, errcode: number): Classified {
  if (endpoint === 'jscode2session') {
    if (errcode === 40029 || errcode === 40163 || errcode === 41008) return rejected(loginCodeInvalid())
    if (errcode === 40226) {
      return rejected(new ApiError('LOGIN_BLOCKED', 'WeChat blocked this login (risk control). Try again later.'))
    }
    if (errcode === 40013) return misconfigured(errcode)
  }
  if (endpoint === 'getuserphonenumber') {
    if (errcode === 40029 || errcode === 40013 || errcode === 41008 || errcode === 47001) {
      return rejected(phoneCodeInvalid())
    }
    if (TOKEN_ERRCODES.has(errcode)) {
      return { outcome: 'token_expired', error: unavailable('WeChat kept rejecting our access token') }
    }
  }
  if (endpoint === 'stable_token' && (errcode === 40001 || errcode === 40013)) return misconfigured(errcode)
  if (CREDENTIAL_ERRCODES.has(errcode)) return misconfigured(errcode)
  return { outcome: 'unavailable', error: unavailable(`WeChat answered errcode ${errcode}`) }
}

/** No usable answer at all (timeout, HTTP error, garbage, missing fields). */
export function noAnswer(reason: string): Classified {
  return { outcome: 'unavailable', error: unavailable(`WeChat did not answer usably (${reason})`) }
}

/** The request's deadline passed before a call could be made: 503, and nothing was sent upstream. */
export function deadlinePassed(): Error {
  return noAnswer('request deadline passed').error
}

export function loginCodeInvalid(): ApiError {
  return new ApiError('LOGIN_CODE_INVALID', 'The WeChat login code is invalid, expired or already used. Call wx.login again.')
}

export function phoneCodeInvalid(): ApiError {
  return new ApiError(
    'PHONE_CODE_INVALID',
    'The phone number code is invalid, expired, already used or issued to another mini program. Ask the user to tap the button again.',
  )
}

function unavailable(detail: string): ApiError {
  return new ApiError('WECHAT_UNAVAILABLE', `WeChat is busy or not answering; try again in a moment. (${detail})`)
}

function rejected(error: ApiError): Classified {
  return { outcome: 'rejected', error }
}

function misconfigured(errcode: number): Classified {
  return {
    outcome: 'misconfigured',
    error: new ApiError(
      'WECHAT_MISCONFIGURED',
      `WeChat rejected this server's credentials (errcode ${errcode}). The operator must fix the WeChat configuration.`,
    ),
  }
}
