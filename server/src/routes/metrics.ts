import { Hono } from 'hono'
import type { AppDeps } from '../app-deps'
import type { AppEnv } from '../http/app-env'

/**
 * GET /metrics: upstream WeChat calls by endpoint and outcome, in Prometheus text format. Counts only:
 * nothing here identifies a user or a credential.
 */
export function metricsRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/metrics', (c) => {
    const lines = [
      '# HELP wechat_upstream_calls_total Calls to the WeChat API by endpoint and outcome.',
      '# TYPE wechat_upstream_calls_total counter',
    ]
    for (const [endpoint, outcomes] of Object.entries(deps.wechat.stats())) {
      for (const [outcome, count] of Object.entries(outcomes)) {
        lines.push(`wechat_upstream_calls_total{endpoint="${endpoint}",outcome="${outcome}"} ${count}`)
      }
    }
    lines.push(...deps.ledger.metrics())
    return c.text(`${lines.join('\n')}\n`, 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
  })
  return app
}
