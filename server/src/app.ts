import { type Context, Hono } from 'hono'
import type { AppDeps } from './app-deps'
import { ApiError } from './api-error'
import type { AppEnv } from './http/app-env'
import { bodyLimitMiddleware } from './http/body-limit'
import { clientAddress } from './http/client-address'
import { corsMiddleware } from './http/cors'
import { errorHandler, notFoundHandler } from './http/error-handler'
import { rateLimitMiddleware } from './http/rate-limit'
import { authRoutes } from './routes/auth'
import { healthRoutes } from './routes/health'
import { meRoutes } from './routes/me'
import { metricsRoutes } from './routes/metrics'
import { verifyRoutes } from './routes/verify'
import { wellKnownRoutes } from './routes/well-known'

/** Contract: bodies over 16 KiB are 400 VALIDATION_FAILED (not 413). */
export const MAX_BODY_BYTES = 16 * 1024

/** The BFF's HTTP app. Listening, migrations and shutdown are server.ts's business. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, logger } = deps
  const app = new Hono<AppEnv>()

  // Each request's id and deadline, the headers every answer carries and its log line are node-level
  // wrappers round this app (http/request-stamp.ts, http/request-log.ts, in server.ts).
  app.use(corsMiddleware(config.corsOrigins))
  // Only POST routes take a body; a GET does not pass through this at all.
  app.on('POST', '*', bodyLimitMiddleware(MAX_BODY_BYTES, () => {
    throw new ApiError('VALIDATION_FAILED', `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`)
  }))
  // Before the per-address limits on /api/auth/*: a gateway calls it for every request it lets through.
  app.route('/api/auth/verify', verifyRoutes(deps))
  // Per client address: refresh has a bucket of its own (carrier-grade NAT puts many people behind one address).
  const address = (c: Context<AppEnv>) => clientAddress(c, config.trustProxy)
  const authLimit = rateLimitMiddleware(deps.rateLimit, address, logger)
  const refreshLimit = rateLimitMiddleware(deps.limits.refresh, address, logger, 'Too many refresh requests from this address.')
  app.use('/api/auth/*', (c, next) => (c.req.path === '/api/auth/refresh' ? refreshLimit : authLimit)(c, next))

  app.route('/api/auth', authRoutes(deps))
  app.use('/api/me/*', deps.requireSession)
  app.route('/api/me', meRoutes(deps))
  app.route('/', wellKnownRoutes(deps))
  app.route('/', healthRoutes(deps))
  app.route('/', metricsRoutes(deps))
  if (deps.dev) app.route('/', deps.dev.routes)

  app.notFound(notFoundHandler)
  app.onError(errorHandler(logger))
  return app
}
