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

/** `points` requests per key per `durationSeconds` (a minute by default), in this process. */
export function memoryRateLimit(points: number, durationSeconds = 60): RateLimit {
  return fromLimiter(new RateLimiterMemory({ points, duration: durationSeconds }))
}

/**
 * Counts one request for `key` against `rateLimit`; refuses with 429 RATE_LIMITED and Retry-After once the
 * budget is spent. If the limiter itself fails (a store outage), the request goes through: an outage of the
 * limiter must not lock every user out.
 */
export async function enforceLimit(rateLimit: RateLimit, key: string, refusal: string, logger: Logger, reqId: string): Promise<void> {
  let verdict: Awaited<ReturnType<RateLimit['take']>>
  try {
    verdict = await rateLimit.take(key)
  } catch (err) {
    logger.warn({ reqId, err }, 'rate limiter failed; letting the request through')
    return
  }
  if (!verdict.allowed) {
    throw new ApiError('RATE_LIMITED', `${refusal} Try again in ${verdict.retryAfterSeconds} s.`, { retryAfterSeconds: verdict.retryAfterSeconds })
  }
}

/** 429 RATE_LIMITED with Retry-After once a client address spends its budget (see enforceLimit). */
export function rateLimitMiddleware(rateLimit: RateLimit, keyOf: (c: Context<AppEnv>) => string, logger: Logger,
  refusal = 'Too many sign-in requests from this address.'): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await enforceLimit(rateLimit, keyOf(c), refusal, logger, reqIdOf(c))
    return next()
  }
}
