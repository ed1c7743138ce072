import type { KeyObject } from 'node:crypto'
import type { Clock } from '../../clock'
import { createSingleFlight } from '../upstream/single-flight'
import type { CallContext, PhoneInfo } from '../platform'
import { beforeDeadline, callTimeout } from '../upstream/call-timeout'
import { type Classified, misconfigured, phoneCodeInvalid, rejected, unavailable } from '../upstream/platform-errors'
import type { SharedToken } from '../upstream/shared-token'
import type { UpstreamHttp } from '../upstream/upstream-http'
import { codePrefix, type PlatformStats } from '../upstream/upstream-stats'
import { NOT_SENT, postDouyin } from './douyin-api'
import { classifyErrNo, type DouyinEndpoint } from './douyin-errors'
import { decryptPkcs1v15 } from './rsa-pkcs1-decrypt'

export interface DouyinPhoneOptions {
  appid: string
  url: URL
  http: UpstreamHttp
  tokens: SharedToken
  privateKey: KeyObject
  clock: Clock
  stats: PlatformStats<DouyinEndpoint>
  timeoutMs: number
}

const TOKEN_REJECTED = Symbol('token rejected')
const PURE_PHONE = /^\d{4,20}$/
const COUNTRY_CODE = /^\d{1,4}$/
const PHONE_NUMBER = /^\+?\d{4,24}$/

/**
 * `POST /api/apps/v1/get_phonenumber_info/` (header `access-token`: the client token): phone code → number.
 * `data` is RSA-encrypted to the app's public key (应用公钥); it decrypts with the app's private key to
 * `{phoneNumber, purePhoneNumber, countryCode, watermark: {appid, timestamp}}`. A rejected client token is
 * dropped (if still cached) and the call retried once with a fresh one: the token is checked before the code.
 */
export function createDouyinPhoneNumber(opts: DouyinPhoneOptions): (code: string, ctx: CallContext) => Promise<PhoneInfo> {
  const flight = createSingleFlight<PhoneInfo>()

  async function attempt(token: string, code: string, ctx: CallContext): Promise<PhoneInfo | typeof TOKEN_REJECTED> {
    const reply = await postDouyin(opts.http, opts.url, { code }, {
      timeoutMs: callTimeout(opts.timeoutMs, opts.clock, ctx),
      headers: { 'access-token': token },
    })
    const base = { endpoint: 'get_phonenumber_info' as const, durationMs: reply.durationMs, codePrefix: codePrefix(code), reqId: ctx.reqId }
    const fail = (failed: Classified, extra: { reason?: string; upstreamCode?: number; status?: number }): never => {
      opts.stats.record({ ...base, outcome: failed.outcome, ...extra })
      throw failed.error
    }
    if (!reply.ok && reply.reason === NOT_SENT) throw unavailable('Douyin', 'request deadline passed').error
    if (!reply.ok) return fail(unavailable('Douyin', reply.reason), { reason: reply.reason, status: reply.status })
    if (reply.errNo !== 0) {
      const failed = classifyErrNo('get_phonenumber_info', reply.errNo)
      if (failed.outcome === 'token_expired') {
        opts.stats.record({ ...base, outcome: 'token_expired', upstreamCode: reply.errNo })
        return TOKEN_REJECTED
      }
      return fail(failed, { upstreamCode: reply.errNo })
    }
    if (typeof reply.data !== 'string' || reply.data === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(reply.data)) {
      return fail(unavailable('Douyin', 'malformed phone answer'), { reason: 'malformed' })
    }
    const plain = decryptPkcs1v15(opts.privateKey, Buffer.from(reply.data, 'base64'))
    const parsed = plain && parsePhoneData(plain)
    // Douyin encrypts to the 应用公钥 in its console: data our key cannot open means the two do not match.
    if (!parsed) return fail(misconfigured('Douyin', 'the phone data does not decrypt with this app\'s privateKey; check 应用公钥'), { reason: 'decrypt' })
    if (parsed === 'malformed') return fail(unavailable('Douyin', 'malformed phone data'), { reason: 'malformed' })
    if (parsed.watermarkAppid !== opts.appid) return fail(rejected(phoneCodeInvalid('Douyin')), { reason: 'watermark_appid_mismatch' })
    opts.stats.record({ endpoint: 'get_phonenumber_info', outcome: 'ok', durationMs: reply.durationMs, reqId: ctx.reqId })
    return parsed.phone
  }

  // The client token is shared: a request waits for its fetch only until its own deadline.
  const token = (ctx: CallContext) => beforeDeadline(opts.clock, ctx, opts.tokens.get(), () => unavailable('Douyin', 'request deadline passed').error)

  async function exchange(code: string, ctx: CallContext): Promise<PhoneInfo> {
    const used = await token(ctx)
    const first = await attempt(used, code, ctx)
    if (first !== TOKEN_REJECTED) return first
    await opts.tokens.invalidate(used)
    const second = await attempt(await token(ctx), code, ctx)
    if (second !== TOKEN_REJECTED) return second
    throw unavailable('Douyin', 'it kept rejecting our client token').error
  }

  return (code, ctx) => flight(code, () => exchange(code, ctx))
}

/**
 * The decrypted JSON. undefined: not JSON at all (the key did not fit, padding passed by chance);
 * 'malformed': JSON, but not a phone we can accept (digits only, so nothing odd reaches the database).
 */
function parsePhoneData(plain: Buffer): { phone: PhoneInfo; watermarkAppid: string } | 'malformed' | undefined {
  let value: unknown
  try {
    value = JSON.parse(plain.toString('utf8'))
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const { phoneNumber, purePhoneNumber, countryCode, watermark } = value as Record<string, unknown>
  const appid = typeof watermark === 'object' && watermark !== null ? (watermark as { appid?: unknown }).appid : undefined
  const cc = typeof countryCode === 'number' ? String(countryCode) : countryCode
  if (typeof purePhoneNumber !== 'string' || !PURE_PHONE.test(purePhoneNumber)
    || typeof cc !== 'string' || !COUNTRY_CODE.test(cc)
    || typeof phoneNumber !== 'string' || !PHONE_NUMBER.test(phoneNumber)
    || typeof appid !== 'string') {
    return 'malformed'
  }
  return { phone: { phoneNumber, purePhoneNumber, countryCode: cc }, watermarkAppid: appid }
}
