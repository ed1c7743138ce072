import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { Config } from '../config'
import type { AppEnv } from './app-env'

const LOCAL_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/

/** CORS for the H5 build: the configured origins, or in dev any local http origin. Nothing else is allowed. */
export function corsMiddleware(origins: Config['corsOrigins']): MiddlewareHandler<AppEnv> {
  const allowed = origins === 'localhost'
    ? (origin: string) => LOCAL_ORIGIN.test(origin)
    : (origin: string) => origins.includes(origin)
  const withCors = cors({
    origin: (origin) => (allowed(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization'],
    exposeHeaders: ['Retry-After', 'X-Request-Id', 'X-Phone-Unchanged'],
    maxAge: 600,
  })
  // Only a browser sends Origin; without one (the mini program, a server) there is nothing to allow. Hono's
  // cors would still set Access-Control-Expose-Headers before the route runs, and c.header() before the route
  // (on c.res) or after it makes Hono rebuild the route's Response around a stream: a fifth of a GET /api/me's
  // CPU in `pnpm bench --profile`. Headers set on c.res after the route keep the plain response.
  return async (c, next) => {
    if (c.req.header('origin') !== undefined) return withCors(c, next)
    await next()
    c.res.headers.append('Vary', 'Origin')
  }
}
