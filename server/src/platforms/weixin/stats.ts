import type { Logger } from '../../logger'
import type { UpstreamEndpoint, UpstreamOutcome, UpstreamStats } from './types'
import type { WechatReply } from './wechat-http'

export interface UpstreamEvent {
  endpoint: UpstreamEndpoint
  outcome: UpstreamOutcome
  durationMs: number
  /** WeChat's errcode, when it answered with one. */
  errcode?: number
  /** Why the answer was unusable: timeout, network, http_status, not_json, malformed, watermark... */
  reason?: string
  /** HTTP status when it was not 2xx. */
  status?: number
  /** First characters of the code, to correlate with client logs without revealing it. */
  codePrefix?: string
  /** The request the call was made for. */
  reqId?: string
}

/**
 * Counts every upstream call by endpoint and outcome, and logs each failure. Callers pass only safe fields:
 * never the secret, an access token, a session_key, a full code or a phone number (and never a URL, which
 * carries the token or the secret in its query string).
 */
export function createUpstreamStats(logger?: Logger) {
  const counts: UpstreamStats = { stable_token: {}, jscode2session: {}, getuserphonenumber: {} }

  function record(event: UpstreamEvent): void {
    const byOutcome = counts[event.endpoint]
    byOutcome[event.outcome] = (byOutcome[event.outcome] ?? 0) + 1
    if (!logger || event.outcome === 'ok') return
    const fields = { ...event, durationMs: Math.round(event.durationMs) }
    // A rejected code is the user's business; the others are ours or WeChat's.
    if (event.outcome === 'misconfigured') logger.error(fields, 'WeChat rejected our credentials')
    else if (event.outcome === 'rejected') logger.info(fields, 'WeChat rejected a code')
    else logger.warn(fields, 'WeChat call failed')
  }

  function snapshot(): UpstreamStats {
    return {
      stable_token: { ...counts.stable_token },
      jscode2session: { ...counts.jscode2session },
      getuserphonenumber: { ...counts.getuserphonenumber },
    }
  }

  return { record, snapshot }
}

export type UpstreamRecorder = ReturnType<typeof createUpstreamStats>

/** Enough of a code to find it in the client's logs, not enough to use it. */
export function codePrefix(code: string): string {
  return `${code.slice(0, 4)}…`
}

/** The event for one reply (the reason defaults to the transport's, when there was no usable answer). */
export function eventOf(
  endpoint: UpstreamEndpoint,
  reply: WechatReply,
  outcome: UpstreamOutcome,
  extra: { reason?: string; codePrefix?: string; reqId?: string } = {},
): UpstreamEvent {
  return reply.ok
    ? { endpoint, outcome, durationMs: reply.durationMs, ...(reply.errcode === 0 ? {} : { errcode: reply.errcode }), ...extra }
    : {
      endpoint,
      outcome,
      durationMs: reply.durationMs,
      reason: reply.reason,
      ...(reply.status === undefined ? {} : { status: reply.status }),
      ...extra,
    }
}
