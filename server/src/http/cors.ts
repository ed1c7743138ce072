import { cors } from 'hono/cors'
import type { Config } from '../config'

const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/

/** CORS for the H5 build: the configured origins, or in dev any local http origin. Nothing else is allowed. */
export function corsMiddleware(origins: Config['corsOrigins']) {
  const allowed = origins === 'localhost'
    ? (origin: string) => LOCAL_ORIGIN.test(origin)
    : (origin: string) => origins.includes(origin)
  return cors({
    origin: (origin) => (allowed(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization'],
    exposeHeaders: ['Retry-After', 'X-Request-Id'],
    maxAge: 600,
  })
}
