import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from '../logger'
import { requestIdOf } from './request-stamp'

type AsyncListener = (req: IncomingMessage, res: ServerResponse) => Promise<unknown>

/**
 * One line per request, once the app has answered it: a wrapper round node's request listener rather than a
 * Hono middleware, so no request pays for an extra async layer in the app. The path only, never the query
 * string: the mock WeChat's URLs carry the secret and the codes there.
 */
export function withRequestLog(listener: AsyncListener, logger: Logger, quietPrefix?: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now()
    const done = () => {
      const url = req.url ?? ''
      const query = url.indexOf('?')
      const path = query === -1 ? url : url.slice(0, query)
      const fields = { reqId: requestIdOf(req), method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) }
      // Dev mode's calls to its own mock WeChat would double every login's log lines.
      if (quietPrefix !== undefined && path.startsWith(quietPrefix)) logger.debug(fields, 'request')
      else logger.info(fields, 'request')
    }
    listener(req, res).then(done, done)
  }
}
