import type { Clock } from '../clock'
import type { Config } from '../config'
import { buildRequestLimits, type RequestLimits } from '../http/paid-call-limits'
import { memoryRateLimit, type RateLimit } from '../http/rate-limit'
import { createMemoryTokenStore } from '../platforms/memory-token-store'
import type { PlatformName } from '../platforms/platform'
import type { TokenStore } from '../platforms/token-store'
import type { Logger } from '../logger'

/** How long start-up waits for Redis before serving without it (it joins in when it comes up). */
const STARTUP_WAIT_MS = 3000

export interface SharedState {
  /** One app's access-token store (its own: keyed by platform and appid); in-process without REDIS_URL. */
  tokenStoreFor(platform: PlatformName, appid: string): TokenStore
  rateLimit: RateLimit
  /** Refresh's own bucket and the limits on paid calls. */
  limits: RequestLimits
  close(): Promise<void>
}

/**
 * What BFF instances share: with REDIS_URL, each app's access token, its refresh lock and the auth rate limit
 * live in Redis (with in-process fallbacks while it is unreachable); without it, all of it stays in-process.
 */
export async function openSharedState(config: Config, logger: Logger, clock: Clock): Promise<SharedState> {
  if (!config.redisUrl) {
    return {
      tokenStoreFor: () => createMemoryTokenStore(clock),
      rateLimit: memoryRateLimit(config.authRateLimit),
      limits: buildRequestLimits(config.security, (_name, points, duration) => memoryRateLimit(points, duration)),
      close: async () => {},
    }
  }
  // Loaded only with REDIS_URL: a single instance never pays for the Redis client at start-up.
  const [{ closeRedis, createRedisClient, redactUrl, waitUntilReady }, { redisRateLimit }, { createRedisTokenStore }, { createResilientTokenStore }] =
    await Promise.all([import('./redis-client'), import('./redis-rate-limit'), import('./redis-token-store'), import('./resilient-token-store')])
  const redis = createRedisClient(config.redisUrl, logger, { name: 'wx-phone-login' })
  if (!(await waitUntilReady(redis, STARTUP_WAIT_MS))) {
    logger.warn({ redis: redactUrl(config.redisUrl) }, 'starting without redis: token cache and rate limit in-process until it answers')
  }
  const tokenStoreFor = (platform: PlatformName, appid: string) => createResilientTokenStore({
    shared: createRedisTokenStore({ redis, platform, appid, keyPrefix: config.redisKeyPrefix, clock }),
    local: createMemoryTokenStore(clock),
    logger,
  })
  return {
    tokenStoreFor,
    rateLimit: redisRateLimit({ redis, perMinute: config.authRateLimit, keyPrefix: config.redisKeyPrefix }),
    limits: buildRequestLimits(config.security, (name, points, durationSeconds) =>
      redisRateLimit({ redis, perMinute: points, durationSeconds, keyPrefix: config.redisKeyPrefix, name })),
    close: () => closeRedis(redis),
  }
}
