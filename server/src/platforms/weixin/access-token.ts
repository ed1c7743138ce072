import type { Clock } from '../../clock'
import { classifyErrcode, noAnswer } from './error-map'
import { createSharedToken, type SharedToken } from '../upstream/shared-token'
import { eventOf, type UpstreamRecorder } from './stats'
import type { CachedToken, TokenStore } from '../token-store'
import type { WechatHttp } from './wechat-http'

/**
 * Stop using a token this long before WeChat says it expires. It must stay under stable_token's 5-minute
 * rotation window: a refresh made inside the window gets a fresh token at once (and the old one stays valid
 * 5 more minutes), while one made earlier would just return the same token with a shorter life.
 */
export const REFRESH_MARGIN_MS = 120_000

export interface AccessTokenOptions {
  appid: string
  secret: string
  http: WechatHttp
  store: TokenStore
  clock: Clock
  stats: UpstreamRecorder
  timeoutMs: number
}

/** get() and invalidate(token), as for every platform's shared credential. */
export type AccessTokens = SharedToken

/**
 * The access token from `POST /cgi-bin/stable_token`, normal mode only (force_refresh is capped at 20 a day
 * and kills every other holder's token). Fetched lazily, so the BFF starts while WeChat is down.
 */
export function createAccessTokens(opts: AccessTokenOptions): AccessTokens {
  const { clock } = opts
  // The same cache, lock and single flight as every platform's shared credential (one store per app).
  const shared = createSharedToken({
    store: opts.store,
    clock,
    timeoutMs: opts.timeoutMs,
    fetch: fetchStableToken,
    lockTimeout: () => noAnswer('token refresh lock held too long').error,
  })

  async function fetchStableToken(): Promise<CachedToken> {
    const reply = await opts.http('/cgi-bin/stable_token', {
      method: 'POST',
      body: { grant_type: 'client_credential', appid: opts.appid, secret: opts.secret, force_refresh: false },
    })
    if (!reply.ok) {
      const failed = noAnswer(reply.reason)
      opts.stats.record(eventOf('stable_token', reply, failed.outcome))
      throw failed.error
    }
    if (reply.errcode !== 0) {
      const failed = classifyErrcode('stable_token', reply.errcode)
      opts.stats.record(eventOf('stable_token', reply, failed.outcome))
      throw failed.error
    }
    const value = reply.body.access_token
    const expiresIn = Number(reply.body.expires_in)
    if (typeof value !== 'string' || value === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      const failed = noAnswer('malformed')
      opts.stats.record(eventOf('stable_token', reply, failed.outcome, { reason: 'malformed' }))
      throw failed.error
    }
    opts.stats.record(eventOf('stable_token', reply, 'ok'))
    const lifeMs = expiresIn * 1000
    // Normal mode never hands out under 5 minutes; if it ever does, use half of what is left.
    const useForMs = lifeMs > 2 * REFRESH_MARGIN_MS ? lifeMs - REFRESH_MARGIN_MS : lifeMs / 2
    return { value, expiresAt: clock.now() + useForMs }
  }

  return shared
}
