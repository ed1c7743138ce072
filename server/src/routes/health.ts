import { Hono } from 'hono'
import type { ErrorBody, HealthResponse } from 'shared'
import type { AppDeps } from '../app-deps'
import type { AppEnv } from '../http/app-env'

/** GET /healthz: 200 when the database can take a write right now, else 503 (for load balancers). */
export function healthRoutes({ monitoring }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/healthz', async (c) => {
    if (!(await monitoring.healthy())) {
      const body: ErrorBody = { error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is not answering.' } }
      return c.json(body, 503)
    }
    const ok: HealthResponse = { ok: true }
    return c.json(ok)
  })
  return app
}
