import type { Clock } from '../../clock'
import { createSingleFlight } from '../upstream/single-flight'
import type { CallContext, PlatformIdentity } from '../platform'
import { callTimeout } from '../upstream/call-timeout'
import { unavailable } from '../upstream/platform-errors'
import type { UpstreamHttp } from '../upstream/upstream-http'
import { codePrefix, type PlatformStats } from '../upstream/upstream-stats'
import { NOT_SENT, postDouyin } from './douyin-api'
import { classifyErrNo, type DouyinEndpoint } from './douyin-errors'

export interface Jscode2SessionOptions {
  appid: string
  secret: string
  url: URL
  http: UpstreamHttp
  clock: Clock
  stats: PlatformStats<DouyinEndpoint>
  timeoutMs: number
}

/**
 * `POST /api/apps/v2/jscode2session`: tt.login's code → openid (+ Douyin's own unionid). session_key is
 * dropped here. The code is sent once; concurrent calls with the same code share that one call.
 */
export function createJscode2Session(opts: Jscode2SessionOptions): (code: string, ctx: CallContext) => Promise<PlatformIdentity> {
  const flight = createSingleFlight<PlatformIdentity>()

  async function exchange(code: string, ctx: CallContext): Promise<PlatformIdentity> {
    const reply = await postDouyin(opts.http, opts.url, { appid: opts.appid, secret: opts.secret, code, anonymous_code: '' }, {
      timeoutMs: callTimeout(opts.timeoutMs, opts.clock, ctx),
    })
    const base = { endpoint: 'jscode2session' as const, durationMs: reply.durationMs, codePrefix: codePrefix(code), reqId: ctx.reqId }
    if (!reply.ok) {
      const failed = unavailable('Douyin', reply.reason)
      // A call the deadline left no time for was not sent: nothing to count.
      if (reply.reason !== NOT_SENT) opts.stats.record({ ...base, outcome: failed.outcome, reason: reply.reason, status: reply.status })
      throw failed.error
    }
    if (reply.errNo !== 0) {
      const failed = classifyErrNo('jscode2session', reply.errNo)
      opts.stats.record({ ...base, outcome: failed.outcome, upstreamCode: reply.errNo })
      throw failed.error
    }
    const data = (typeof reply.data === 'object' && reply.data !== null ? reply.data : {}) as Record<string, unknown>
    const { openid, unionid } = data
    if (typeof openid !== 'string' || openid === '' || (unionid !== undefined && unionid !== null && typeof unionid !== 'string')) {
      const failed = unavailable('Douyin', 'malformed jscode2session answer')
      opts.stats.record({ ...base, outcome: failed.outcome, reason: 'malformed' })
      throw failed.error
    }
    opts.stats.record({ endpoint: 'jscode2session', outcome: 'ok', durationMs: reply.durationMs, reqId: ctx.reqId })
    return typeof unionid === 'string' && unionid !== '' ? { userId: openid, unionid } : { userId: openid }
  }

  return (code, ctx) => flight(code, () => exchange(code, ctx))
}
