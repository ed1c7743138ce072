import type { MiddlewareHandler } from 'hono'
import type { Logger } from '../logger'
import { type AppEnv, reqIdOf } from './app-env'

/**
 * One line per request when it ends. The path only, never the query string: the mock WeChat's URLs carry the
 * secret and the codes there.
 */
export function requestLog(logger: Logger, quietPrefix?: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    await next()
    const path = c.req.path
    const fields = { reqId: reqIdOf(c), method: c.req.method, path, status: c.res.status, ms: Math.round(performance.now() - started) }
    // Dev mode's calls to its own mock WeChat would double every login's log lines.
    if (quietPrefix !== undefined && path.startsWith(quietPrefix)) logger.debug(fields, 'request')
    else logger.info(fields, 'request')
  }
}
