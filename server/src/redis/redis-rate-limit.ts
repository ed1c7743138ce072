import type { Redis } from 'ioredis'
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible'
import { fromLimiter, type RateLimit } from '../http/rate-limit'

export interface RedisRateLimitOptions {
  redis: Redis
  /** Requests per key per `durationSeconds` (default: a minute), across every instance sharing this Redis. */
  perMinute: number
  durationSeconds?: number
  /** REDIS_KEY_PREFIX; the limiter's keys go under `<prefix>rate:<name>:`. */
  keyPrefix: string
  /** Which budget (default `auth`): each has keys of its own. */
  name?: string
}

/**
 * A rate limit (the auth one, or another budget) shared by every BFF instance through Redis (one atomic Lua INCR+PTTL per request).
 * While Redis is unreachable the limit is kept per process by the in-memory insurance limiter: still a
 * limit, never an error and never a lock-out.
 */
export function redisRateLimit(opts: RedisRateLimitOptions): RateLimit {
  const duration = opts.durationSeconds ?? 60
  return fromLimiter(new RateLimiterRedis({
    storeClient: opts.redis,
    points: opts.perMinute,
    duration,
    keyPrefix: `${opts.keyPrefix}rate:${opts.name ?? 'auth'}`,
    // Go to the insurance limiter at once while disconnected rather than after a failed command.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ points: opts.perMinute, duration }),
  }))
}
