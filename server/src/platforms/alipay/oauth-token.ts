import type { KeyObject } from 'node:crypto'
import type { Clock } from '../../clock'
import { createSingleFlight } from '../upstream/single-flight'
import type { CallContext, PlatformIdentity } from '../platform'
import { callTimeout } from '../upstream/call-timeout'
import { type Classified, misconfigured, unavailable } from '../upstream/platform-errors'
import { parseJsonObject, type UpstreamHttp } from '../upstream/upstream-http'
import { codePrefix, type PlatformStats } from '../upstream/upstream-stats'
import { classifyGatewayError, type AlipayEndpoint } from './alipay-errors'
import { beijingTimestamp, rawNode, signParams, verifyText } from './alipay-sign'

export interface OauthTokenOptions {
  appid: string
  gateway: URL
  privateKey: KeyObject
  alipayPublicKey: KeyObject
  http: UpstreamHttp
  clock: Clock
  stats: PlatformStats<AlipayEndpoint>
  timeoutMs: number
}

const METHOD = 'alipay.system.oauth.token'
const RESPONSE_KEY = 'alipay_system_oauth_token_response'
const USER_ID = /^[\w-]{1,128}$/

/**
 * `alipay.system.oauth.token` through the gateway: my.getAuthCode's code → the user on this app (open_id, or
 * user_id where the app has no open_id). An RSA2-signed form request; the answer's node is verified against
 * Alipay's public key over its exact JSON text. The access token it also returns is not kept: we only need who.
 */
export function createOauthToken(opts: OauthTokenOptions): (code: string, ctx: CallContext) => Promise<PlatformIdentity> {
  const flight = createSingleFlight<PlatformIdentity>()

  async function exchange(code: string, ctx: CallContext): Promise<PlatformIdentity> {
    const base = { endpoint: METHOD, codePrefix: codePrefix(code), reqId: ctx.reqId } as const
    const fail = (failed: Classified, extra: { durationMs: number; reason?: string; upstreamCode?: string; status?: number }): never => {
      opts.stats.record({ ...base, outcome: failed.outcome, ...extra })
      throw failed.error
    }
    const timeoutMs = callTimeout(opts.timeoutMs, opts.clock, ctx)
    // No time left: the call is not sent, and not counted.
    if (timeoutMs <= 0) throw unavailable('Alipay', 'request deadline passed').error

    const params: Record<string, string> = {
      app_id: opts.appid,
      method: METHOD,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: beijingTimestamp(opts.clock.now()),
      version: '1.0',
      grant_type: 'authorization_code',
      code,
    }
    params.sign = signParams(params, opts.privateKey)
    const reply = await opts.http(opts.gateway, {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      contentType: 'application/x-www-form-urlencoded;charset=utf-8',
      timeoutMs,
    })
    if (!reply.ok) return fail(unavailable('Alipay', reply.reason), { durationMs: reply.durationMs, reason: reply.reason, status: reply.status })
    const { durationMs } = reply
    const answer = parseJsonObject(reply.text)
    if (!answer) return fail(unavailable('Alipay', 'not_json'), { durationMs, reason: 'not_json' })
    const sign = typeof answer.sign === 'string' ? answer.sign : undefined
    const signed = (key: string) => {
      const raw = rawNode(reply.text, key)
      return raw !== undefined && sign !== undefined && verifyText(raw, sign, opts.alipayPublicKey)
    }

    const error = answer.error_response ?? (isErrorNode(answer[RESPONSE_KEY]) ? answer[RESPONSE_KEY] : undefined)
    if (typeof error === 'object' && error !== null) {
      const key = answer.error_response !== undefined ? 'error_response' : RESPONSE_KEY
      // Alipay leaves some errors unsigned (it cannot always tell which key to sign for); a forged error
      // can only make a login fail, so an unsigned one is believed, a wrongly signed one is not.
      if (sign !== undefined && !signed(key)) return fail(misconfigured('Alipay', 'answer signature'), { durationMs, reason: 'signature' })
      const { code: errCode, sub_code: subCode } = error as Record<string, unknown>
      const classified = classifyGatewayError(String(errCode ?? ''), String(subCode ?? ''))
      return fail(classified, { durationMs, upstreamCode: `${String(errCode ?? '')} ${String(subCode ?? '')}`.trim() })
    }

    const node = answer[RESPONSE_KEY]
    if (typeof node !== 'object' || node === null) return fail(unavailable('Alipay', 'malformed'), { durationMs, reason: 'malformed' })
    if (!signed(RESPONSE_KEY)) return fail(misconfigured('Alipay', 'the answer\'s signature does not verify with alipayPublicKey'), { durationMs, reason: 'signature' })
    const { open_id: openId, user_id: userId } = node as Record<string, unknown>
    const user = typeof openId === 'string' && openId !== '' ? openId : userId
    if (typeof user !== 'string' || !USER_ID.test(user)) return fail(unavailable('Alipay', 'malformed'), { durationMs, reason: 'malformed' })
    opts.stats.record({ endpoint: METHOD, outcome: 'ok', durationMs, reqId: ctx.reqId })
    return { userId: user }
  }

  return (code, ctx) => flight(code, () => exchange(code, ctx))
}

/** Some gateway errors come inside the method's own node, with a code other than 10000. */
function isErrorNode(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false
  const code = (node as { code?: unknown }).code
  return code !== undefined && String(code) !== '10000'
}
