import type { Context, MiddlewareHandler } from 'hono'
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import { ApiError } from '../api-error'
import type { Logger } from '../logger'
import { type AppEnv, reqIdOf } from './app-env'

/** What the auth routes need from a rate limiter; any rate-limiter-flexible limiter fits through `fromLimiter`. */
export interface RateLimit {
  /** Counts one request for `key`; refuses with the seconds to wait once the budget is spent. */
  take(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>
}

/** Wraps any rate-limiter-flexible limiter (memory now; Redis with the memory one as insurance later). */
export function fromLimiter(limiter: RateLimiterAbstract): RateLimit {
  return {
    async take(key) {
      try {
        await limiter.consume(key)
        return { allowed: true }
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) }
        }
        throw rejection
      }
    },
  }
}

/** `perMinute` requests per key per minute, in this process. */
export function memoryRateLimit(perMinute: number): RateLimit {
  return fromLimiter(new RateLimiterMemory({ points: perMinute, duration: 60 }))
}

/**
 * 429 RATE_LIMITED with Retry-After once a client address spends its budget. If the limiter itself fails
 * (a store outage), the request goes through: an outage of the limiter must not lock every user out.
 */
export function rateLimitMiddleware(rateLimit: RateLimit, keyOf: (c: Context<AppEnv>) => string, logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let verdict: Awaited<ReturnType<RateLimit['take']>>
    try {
      verdict = await rateLimit.take(keyOf(c))
    } catch (err) {
      logger.warn({ reqId: reqIdOf(c), err }, 'rate limiter failed; letting the request through')
      return next()
    }
    if (!verdict.allowed) {
      throw new ApiError('RATE_LIMITED', `Too many sign-in requests from this address. Try again in ${verdict.retryAfterSeconds} s.`, {
        retryAfterSeconds: verdict.retryAfterSeconds,
      })
    }
    return next()
  }
}
