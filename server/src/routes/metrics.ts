import { Hono } from 'hono'
import type { AppDeps } from '../app-deps'
import type { AppEnv } from '../http/app-env'

/** GET /metrics: upstream WeChat calls and phone-number exchanges, in Prometheus text format. */
export function metricsRoutes({ monitoring }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/metrics', (c) => c.text(monitoring.metricsText(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }))
  return app
}
