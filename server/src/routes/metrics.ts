import { timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { ApiError } from '../api-error'
import type { AppDeps } from '../app-deps'
import { type AppEnv, headerOf } from '../http/app-env'

/**
 * GET /metrics: upstream WeChat calls and phone-number exchanges, in Prometheus text format. Business volume
 * and cost: with METRICS_TOKEN set, only for `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise).
 */
export function metricsRoutes({ monitoring, config }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const expected = config.security.metricsToken === undefined ? undefined : Buffer.from(`Bearer ${config.security.metricsToken}`)
  app.get('/metrics', (c) => {
    if (expected !== undefined && !sameBytes(Buffer.from(headerOf(c, 'authorization') ?? ''), expected)) {
      throw new ApiError('UNAUTHORIZED', '/metrics needs Authorization: Bearer <METRICS_TOKEN>.')
    }
    return c.text(monitoring.metricsText(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
  })
  return app
}

/** Constant time for equal lengths: the comparison does not tell how much of a guess was right. */
function sameBytes(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected)
}
