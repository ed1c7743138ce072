import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock'

/**
 * What a browser should know of every answer of a JSON API that authenticates by bearer token (OWASP's REST
 * Security Cheat Sheet): no MIME sniffing, HTTPS only, never in a frame. Hono's secureHeaders() adds headers
 * that act on HTML documents only (COOP, Origin-Agent-Cluster, Referrer-Policy, X-DNS-Prefetch-Control,
 * X-Download-Options, X-XSS-Protection, X-Permitted-Cross-Domain-Policies); CORP would stop other origins'
 * no-cors loads, which carry no Authorization header and get only 401s here. The BFF serves no HTML, and
 * each header costs every answer about a microsecond (docs/benchmarks.md).
 */
const SECURITY_HEADERS: [string, string][] = [
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  // Answers differ by Origin (CORS), so caches must key on it.
  ['Vary', 'Origin'],
]

const STAMP = Symbol('request stamp')
const ACCEPTABLE_ID = /^[\w\-=]{1,255}$/

/** What every request carries from the moment it arrives. */
export interface RequestStamp {
  /** X-Request-Id: on every log line written for the request. */
  id: string
  /** When it must have answered (REQUEST_DEADLINE_MS after it arrived, by the injected clock). */
  deadline: number
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void
type Stamped = IncomingMessage & { [STAMP]?: RequestStamp }

/**
 * Stamps each request as node hands it over, before the app runs: its id (the client's X-Request-Id when it
 * is a sane one, else a new UUID) and its deadline; and sets the headers every answer carries on node's
 * response. Set there, a header costs a plain property write (through Hono it made every answer build a
 * web Headers object), and the app needs no middleware layer for either.
 */
export function withRequestStamp(listener: Listener, clock: Clock, deadlineMs: number): Listener {
  return (req, res) => {
    const given = req.headers['x-request-id']
    const id = typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID()
    ;(req as Stamped)[STAMP] = { id, deadline: clock.now() + deadlineMs }
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value)
    res.setHeader('X-Request-Id', id)
    // Tokens, accounts and errors about them: never kept by a browser, proxy or CDN cache.
    if (req.url?.startsWith('/api/') === true) res.setHeader('Cache-Control', 'no-store')
    listener(req, res)
  }
}

export function stampOf(req: IncomingMessage): RequestStamp | undefined {
  return (req as Stamped)[STAMP]
}

/** The request's id, for log lines ('unknown' only for a request that never went through withRequestStamp). */
export function requestIdOf(req: IncomingMessage): string {
  return stampOf(req)?.id ?? 'unknown'
}
