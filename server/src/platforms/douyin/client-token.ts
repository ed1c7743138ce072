import type { Clock } from '../../clock'
import type { CachedToken, TokenStore } from '../token-store'
import { classifyErrNo } from './douyin-errors'
import { postDouyin } from './douyin-api'
import { createSharedToken, type SharedToken } from '../upstream/shared-token'
import { unavailable } from '../upstream/platform-errors'
import type { PlatformStats } from '../upstream/upstream-stats'
import type { DouyinEndpoint } from './douyin-errors'
import type { UpstreamHttp } from '../upstream/upstream-http'

/**
 * Stop using a client token this long before it expires: Douyin hands out a new one (the old one still
 * working a few minutes) when asked again near the end, so we ask before the end.
 */
export const REFRESH_MARGIN_MS = 300_000

export interface ClientTokenOptions {
  appid: string
  secret: string
  url: URL
  http: UpstreamHttp
  store: TokenStore
  clock: Clock
  stats: PlatformStats<DouyinEndpoint>
  timeoutMs: number
}

/** Douyin's client token (`POST /api/apps/v2/token`), cached per app, one fetch at a time, shareable through Redis. */
export function createClientToken(opts: ClientTokenOptions): SharedToken {
  async function fetchToken(): Promise<CachedToken> {
    const reply = await postDouyin(opts.http, opts.url, {
      appid: opts.appid, secret: opts.secret, grant_type: 'client_credential',
    }, { timeoutMs: opts.timeoutMs })
    if (!reply.ok) {
      const failed = unavailable('Douyin', reply.reason)
      opts.stats.record({ endpoint: 'token', outcome: failed.outcome, durationMs: reply.durationMs, reason: reply.reason, status: reply.status })
      throw failed.error
    }
    if (reply.errNo !== 0) {
      const failed = classifyErrNo('token', reply.errNo)
      opts.stats.record({ endpoint: 'token', outcome: failed.outcome, durationMs: reply.durationMs, upstreamCode: reply.errNo })
      throw failed.error
    }
    const data = (typeof reply.data === 'object' && reply.data !== null ? reply.data : {}) as Record<string, unknown>
    const value = data.access_token
    const expiresIn = Number(data.expires_in)
    if (typeof value !== 'string' || value === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      const failed = unavailable('Douyin', 'malformed token answer')
      opts.stats.record({ endpoint: 'token', outcome: failed.outcome, durationMs: reply.durationMs, reason: 'malformed' })
      throw failed.error
    }
    opts.stats.record({ endpoint: 'token', outcome: 'ok', durationMs: reply.durationMs })
    const lifeMs = expiresIn * 1000
    const useForMs = lifeMs > 2 * REFRESH_MARGIN_MS ? lifeMs - REFRESH_MARGIN_MS : lifeMs / 2
    return { value, expiresAt: opts.clock.now() + useForMs }
  }

  return createSharedToken({
    store: opts.store,
    clock: opts.clock,
    timeoutMs: opts.timeoutMs,
    fetch: fetchToken,
    lockTimeout: () => unavailable('Douyin', 'client token refresh lock held too long').error,
  })
}
