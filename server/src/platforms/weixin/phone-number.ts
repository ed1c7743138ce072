import type { Clock } from '../../clock'
import type { AccessTokens } from './access-token'
import { beforeDeadline, callTimeout } from '../upstream/call-timeout'
import { classifyErrcode, deadlinePassed, noAnswer, phoneCodeInvalid } from './error-map'
import { createSingleFlight } from '../upstream/single-flight'
import { codePrefix, eventOf, type UpstreamRecorder } from './stats'
import type { CallContext, PhoneInfo } from './types'
import type { WechatHttp } from './wechat-http'

export interface PhoneNumberOptions {
  appid: string
  http: WechatHttp
  tokens: AccessTokens
  stats: UpstreamRecorder
  clock: Clock
  timeoutMs: number
}

/** Phone data that is not digits is not a number WeChat could have verified: refused, never stored. */
const PURE_PHONE = /^\d{4,20}$/
const COUNTRY_CODE = /^\d{1,4}$/

const TOKEN_REJECTED = Symbol('token rejected')

/**
 * `POST /wxa/business/getuserphonenumber`: phone code → number. WeChat checks the access token before the
 * code, so after 40001/40014/42001 the code is still unused: drop that token (if still cached), fetch one and
 * retry once. Any other failure is final: after a timeout, -1 or garbage the code may have been consumed.
 */
export function createPhoneNumber(opts: PhoneNumberOptions): (phoneCode: string, ctx?: CallContext) => Promise<PhoneInfo> {
  const flight = createSingleFlight<PhoneInfo>()

  async function attempt(token: string, phoneCode: string, ctx: CallContext | undefined): Promise<PhoneInfo | typeof TOKEN_REJECTED> {
    const reqId = ctx?.reqId
    const timeoutMs = callTimeout(opts.timeoutMs, opts.clock, ctx)
    // Not sent at all (so not counted as an upstream call): the code stays unused.
    if (timeoutMs <= 0) throw deadlinePassed()
    const reply = await opts.http('/wxa/business/getuserphonenumber', {
      method: 'POST',
      timeoutMs,
      query: { access_token: token },
      body: { code: phoneCode },
    })
    const prefix = { codePrefix: codePrefix(phoneCode), reqId }
    const failed = !reply.ok
      ? noAnswer(reply.reason)
      : reply.errcode !== 0
        ? classifyErrcode('getuserphonenumber', reply.errcode)
        : undefined
    if (failed) {
      opts.stats.record(eventOf('getuserphonenumber', reply, failed.outcome, prefix))
      if (failed.outcome === 'token_expired') return TOKEN_REJECTED
      throw failed.error
    }
    const info = parsePhoneInfo((reply as { body: Record<string, unknown> }).body.phone_info)
    if (!info) {
      const malformed = noAnswer('malformed')
      opts.stats.record(eventOf('getuserphonenumber', reply, malformed.outcome, { ...prefix, reason: 'malformed' }))
      throw malformed.error
    }
    if (info.watermarkAppid !== opts.appid) {
      opts.stats.record(eventOf('getuserphonenumber', reply, 'rejected', { ...prefix, reason: 'watermark_appid_mismatch' }))
      throw phoneCodeInvalid()
    }
    if (!PURE_PHONE.test(info.phone.purePhoneNumber) || !COUNTRY_CODE.test(info.phone.countryCode)) {
      opts.stats.record(eventOf('getuserphonenumber', reply, 'rejected', { ...prefix, reason: 'phone_not_digits' }))
      throw phoneCodeInvalid()
    }
    opts.stats.record(eventOf('getuserphonenumber', reply, 'ok', { reqId }))
    return info.phone
  }

  async function exchange(phoneCode: string, ctx: CallContext | undefined): Promise<PhoneInfo> {
    // The token fetch is shared by every waiting request: each waits for it no longer than its own deadline.
    const token = await beforeDeadline(opts.clock, ctx, opts.tokens.get(), deadlinePassed)
    const first = await attempt(token, phoneCode, ctx)
    if (first !== TOKEN_REJECTED) return first
    await opts.tokens.invalidate(token)
    const second = await attempt(await beforeDeadline(opts.clock, ctx, opts.tokens.get(), deadlinePassed), phoneCode, ctx)
    if (second !== TOKEN_REJECTED) return second
    throw classifyErrcode('getuserphonenumber', 40001).error
  }

  return (phoneCode, ctx) => flight(phoneCode, () => exchange(phoneCode, ctx))
}

function parsePhoneInfo(value: unknown): { phone: PhoneInfo; watermarkAppid: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { phoneNumber, purePhoneNumber, countryCode, watermark } = value as Record<string, unknown>
  const appid = typeof watermark === 'object' && watermark !== null ? (watermark as { appid?: unknown }).appid : undefined
  // The doc types countryCode as a string, its example shows a number: accept both.
  if (typeof phoneNumber !== 'string' || phoneNumber === '' || typeof purePhoneNumber !== 'string'
    || purePhoneNumber === '' || (typeof countryCode !== 'string' && typeof countryCode !== 'number')
    || typeof appid !== 'string') {
    return undefined
  }
  return { phone: { phoneNumber, purePhoneNumber, countryCode: String(countryCode) }, watermarkAppid: appid }
}
