import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The security headers Hono's secureHeaders() sends by default, on every response. */
const SECURITY_HEADERS: [string, string][] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  // Answers differ by Origin (CORS), so caches must key on it.
  ['Vary', 'Origin'],
]

const REQUEST_ID = Symbol('request id')
const ACCEPTABLE_ID = /^[\w\-=]{1,255}$/

type Listener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * Sets the headers every answer carries (security headers, Vary, X-Request-Id) on node's response before the
 * app runs. Set there, they cost a plain property write each; set through Hono on its Response they made it
 * build a full web Headers object for every answer (`pnpm bench --profile`). The id is the client's
 * X-Request-Id when it is a sane one, else a new UUID; `requestIdOf` gives it to the app.
 */
export function withResponseHeaders(listener: Listener): Listener {
  return (req, res) => {
    const given = req.headers['x-request-id']
    const id = typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID()
    ;(req as IncomingMessage & { [REQUEST_ID]?: string })[REQUEST_ID] = id
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value)
    res.setHeader('X-Request-Id', id)
    // Tokens, accounts and errors about them: never kept by a browser, proxy or CDN cache.
    if (req.url?.startsWith('/api/') === true) res.setHeader('Cache-Control', 'no-store')
    listener(req, res)
  }
}

export function requestIdOf(req: IncomingMessage): string {
  return (req as IncomingMessage & { [REQUEST_ID]?: string })[REQUEST_ID] ?? 'unknown'
}
