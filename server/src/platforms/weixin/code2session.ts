import type { Clock } from '../../clock'
import { callTimeout } from '../upstream/call-timeout'
import { classifyErrcode, deadlinePassed, noAnswer } from './error-map'
import { createSingleFlight } from '../upstream/single-flight'
import { codePrefix, eventOf, type UpstreamRecorder } from './stats'
import type { CallContext, WechatIdentity } from './types'
import type { WechatHttp } from './wechat-http'

export interface Code2SessionOptions {
  appid: string
  secret: string
  http: WechatHttp
  stats: UpstreamRecorder
  clock: Clock
  timeoutMs: number
}

/**
 * `GET /sns/jscode2session`: login code → openid (+ unionid). session_key is dropped here: the code-based
 * phone flow never needs it. The code is sent once; concurrent calls with the same code share that one call
 * (a double-tapped login would otherwise burn the code and get 40163).
 */
export function createCode2Session(opts: Code2SessionOptions): (loginCode: string, ctx?: CallContext) => Promise<WechatIdentity> {
  const flight = createSingleFlight<WechatIdentity>()

  async function exchange(loginCode: string, ctx: CallContext | undefined): Promise<WechatIdentity> {
    const reqId = ctx?.reqId
    const timeoutMs = callTimeout(opts.timeoutMs, opts.clock, ctx)
    // Not sent at all (so not counted as an upstream call): the code stays unused.
    if (timeoutMs <= 0) throw deadlinePassed()
    const reply = await opts.http('/sns/jscode2session', {
      method: 'GET',
      timeoutMs,
      query: { appid: opts.appid, secret: opts.secret, js_code: loginCode, grant_type: 'authorization_code' },
    })
    const prefix = { codePrefix: codePrefix(loginCode), reqId }
    const failed = !reply.ok ? noAnswer(reply.reason) : reply.errcode !== 0 ? classifyErrcode('jscode2session', reply.errcode) : undefined
    if (failed) {
      opts.stats.record(eventOf('jscode2session', reply, failed.outcome, prefix))
      throw failed.error
    }
    const { openid, unionid } = (reply as { body: Record<string, unknown> }).body
    if (typeof openid !== 'string' || openid === '' || (unionid !== undefined && typeof unionid !== 'string')) {
      const malformed = noAnswer('malformed')
      opts.stats.record(eventOf('jscode2session', reply, malformed.outcome, { ...prefix, reason: 'malformed' }))
      throw malformed.error
    }
    opts.stats.record(eventOf('jscode2session', reply, 'ok', { reqId }))
    return unionid ? { openid, unionid } : { openid }
  }

  return (loginCode, ctx) => flight(loginCode, () => exchange(loginCode, ctx))
}
