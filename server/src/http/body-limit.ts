import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { type AppEnv, headerOf } from './app-env'

/**
 * Hono's bodyLimit, minus its cost on ordinary requests. It starts by reading `c.req.raw.body`, which makes
 * @hono/node-server build a full web Request (Headers, AbortController, ReadableStream) for every request,
 * GETs included: 15-20 % of a GET /api/me in `pnpm bench --profile`. A request without a body, or with a
 * Content-Length (Node's parser never delivers more than it announces), is decided from the headers; only a
 * chunked body goes through Hono's counting reader.
 */
export function bodyLimitMiddleware(maxBytes: number, onError: (c: Context<AppEnv>) => Response | Promise<Response>): MiddlewareHandler<AppEnv> {
  const counting = bodyLimit({ maxSize: maxBytes, onError })
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
    const length = headerOf(c, 'content-length')
    if (headerOf(c, 'transfer-encoding') === undefined) {
      if (length === undefined) return next()
      return Number(length) > maxBytes ? Promise.resolve(onError(c)) : next()
    }
    return counting(c, next)
  }
}
