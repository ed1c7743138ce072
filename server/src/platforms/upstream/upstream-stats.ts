import type { Logger } from '../../logger'
import type { PlatformName, UpstreamOutcome, UpstreamStats } from '../platform'

export interface PlatformCallEvent<E extends string> {
  endpoint: E
  outcome: UpstreamOutcome
  durationMs: number
  /** The platform's own error number or code (Douyin err_no, Alipay sub_code), when it answered with one. */
  upstreamCode?: string | number
  /** Why the answer was unusable or refused: timeout, network, http_status, not_json, malformed, watermark, signature... */
  reason?: string
  status?: number
  /** First characters of the code, to correlate with client logs without revealing it. */
  codePrefix?: string
  reqId?: string
}

/**
 * Counts one app's upstream calls by endpoint and outcome, and logs each failure. Callers pass only safe
 * fields: never a secret, a token, a key, a full code, a phone response or a phone number.
 */
export function createPlatformStats<E extends string>(
  platform: PlatformName,
  appid: string,
  endpoints: readonly E[],
  logger?: Logger,
) {
  const counts = Object.fromEntries(endpoints.map((e) => [e, {}])) as UpstreamStats

  function record(event: PlatformCallEvent<E>): void {
    const byOutcome = counts[event.endpoint] ??= {}
    byOutcome[event.outcome] = (byOutcome[event.outcome] ?? 0) + 1
    if (!logger || event.outcome === 'ok') return
    const fields = { platform, app: appid, ...event, durationMs: Math.round(event.durationMs) }
    if (event.outcome === 'misconfigured') logger.error(fields, `${platform} rejected our credentials or keys`)
    else if (event.outcome === 'rejected') logger.info(fields, `${platform} rejected a code`)
    else logger.warn(fields, `${platform} call failed`)
  }

  function snapshot(): UpstreamStats {
    return Object.fromEntries(Object.entries(counts).map(([e, byOutcome]) => [e, { ...byOutcome }]))
  }

  return { record, snapshot }
}

export type PlatformStats<E extends string> = ReturnType<typeof createPlatformStats<E>>

/** Enough of a code to find it in the client's logs, not enough to use it. */
export function codePrefix(code: string): string {
  return `${code.slice(0, 4)}…`
}
