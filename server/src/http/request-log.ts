import type { MiddlewareHandler } from 'hono'
import { type Logger, runWithRequestId } from '../logger'
import type { AppEnv } from './app-env'

/**
 * Runs the rest of the request inside its request id's log context and logs one line when it ends.
 * The path only, never the query string: the mock WeChat's URLs carry the secret and the codes there.
 */
export function requestLog(logger: Logger, quietPrefix?: string): MiddlewareHandler<AppEnv> {
  return (c, next) => runWithRequestId(c.get('requestId'), async () => {
    const started = performance.now()
    await next()
    const fields = { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }
    // Dev mode's calls to its own mock WeChat would double every login's log lines.
    if (quietPrefix !== undefined && c.req.path.startsWith(quietPrefix)) logger.debug(fields, 'request')
    else logger.info(fields, 'request')
  })
}
