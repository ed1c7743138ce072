import type { Clock } from '../../clock'
import { classifyErrcode, noAnswer } from './error-map'
import { createSingleFlight } from './single-flight'
import { eventOf, type UpstreamRecorder } from './stats'
import type { CachedToken, TokenStore } from '../token-store'
import type { WechatHttp } from './wechat-http'

/**
 * Stop using a token this long before WeChat says it expires. It must stay under stable_token's 5-minute
 * rotation window: a refresh made inside the window gets a fresh token at once (and the old one stays valid
 * 5 more minutes), while one made earlier would just return the same token with a shorter life.
 */
export const REFRESH_MARGIN_MS = 120_000
const POLL_MS = 50

export interface AccessTokenOptions {
  appid: string
  secret: string
  http: WechatHttp
  store: TokenStore
  clock: Clock
  stats: UpstreamRecorder
  timeoutMs: number
}

export interface AccessTokens {
  /** The cached token, or one fetched now: one fetch at a time however many callers wait. */
  get(): Promise<string>
  /** After WeChat rejected `token`: forget it, unless another caller already replaced it. */
  invalidate(token: string): Promise<void>
}

/**
 * The access token from `POST /cgi-bin/stable_token`, normal mode only (force_refresh is capped at 20 a day
 * and kills every other holder's token). Fetched lazily, so the BFF starts while WeChat is down.
 */
export function createAccessTokens(opts: AccessTokenOptions): AccessTokens {
  const { store, clock } = opts
  const flight = createSingleFlight<string>()
  // A holder that crashed mid-fetch frees the lock after its lease; a live one is done within timeoutMs.
  const leaseMs = opts.timeoutMs + 5_000

  async function usable(): Promise<string | undefined> {
    const cached = await store.get()
    return cached && cached.expiresAt > clock.now() ? cached.value : undefined
  }

  async function refresh(): Promise<string> {
    const deadline = performance.now() + leaseMs + opts.timeoutMs
    for (;;) {
      const lock = await store.tryLock(leaseMs)
      if (lock) {
        try {
          // Another process (or a flight that just ended) may have stored one while we queued for the lock.
          const stored = await usable()
          if (stored) return stored
          const fetched = await fetchStableToken()
          await store.set(fetched)
          return fetched.value
        } finally {
          // Best effort: if this fails, the lease runs out.
          await lock.release().catch(() => undefined)
        }
      }
      // Someone else is fetching: wait for their token rather than fetch a second one.
      if (performance.now() >= deadline) throw noAnswer('token refresh lock held too long').error
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      const stored = await usable()
      if (stored) return stored
    }
  }

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

  return {
    async get() {
      return (await usable()) ?? flight('stable_token', refresh)
    },
    async invalidate(token) {
      await store.deleteIfEquals(token)
    },
  }
}
