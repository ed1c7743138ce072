import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { Config } from '../config'
import { type AppEnv, headerOf } from './app-env'

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
  // Only a browser sends Origin; without one (the mini program, a server) there is nothing to allow, and
  // the route's answer stays a plain one (Vary: Origin is set for every answer in request-stamp.ts).
  return (c, next) => (headerOf(c, 'origin') !== undefined ? withCors(c, next) : next())
}
