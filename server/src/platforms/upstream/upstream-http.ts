import http from 'node:http'
import https from 'node:https'

/** Whatever came back with a 2xx status, as text: Alipay's signature covers the exact bytes. */
export interface UpstreamAnswer {
  ok: true
  status: number
  text: string
  durationMs: number
}

/** No usable answer: the code may or may not have been consumed, so nothing may be retried. */
export interface UpstreamNoAnswer {
  ok: false
  reason: 'timeout' | 'network' | 'http_status' | 'too_large'
  status?: number
  durationMs: number
}

export type UpstreamReply = UpstreamAnswer | UpstreamNoAnswer

export interface UpstreamRequest {
  method: 'GET' | 'POST'
  headers?: Record<string, string>
  /** Sent as is, with `contentType`. */
  body?: string
  contentType?: string
  /** This call's limit (already cut to the request's deadline by the caller); 0 or less: do not send. */
  timeoutMs: number
}

export type UpstreamHttp = (url: URL, req: UpstreamRequest) => Promise<UpstreamReply>

/** The platforms' answers are small; anything bigger is not one. */
const MAX_ANSWER_BYTES = 64 * 1024
/**
 * Idle keep-alive connections are closed by us before a server would close them (node's default is 5 s), so
 * a request is never written onto a connection the server is closing, where it could not be told whether it
 * arrived, and a one-time code must not be sent twice.
 */
const IDLE_SOCKET_MS = 4000

/**
 * One HTTP exchange with a platform (WeChat, Douyin, Alipay) over node's own http(s) with keep-alive
 * connections, to any host (Douyin's endpoints live on two): tens of µs of CPU where fetch (undici) cost
 * several hundred. Never throws: every failure becomes an UpstreamNoAnswer, so errors (whose messages carry
 * URLs, whose queries hold secrets or tokens, and headers) stay in here. No retries: a retry could send a
 * one-time code twice.
 */
export function createUpstreamHttp(): UpstreamHttp {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo', timeout: IDLE_SOCKET_MS }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo', timeout: IDLE_SOCKET_MS }),
  }

  return (url, req) => new Promise<UpstreamReply>((resolve) => {
    // The request's deadline has passed: a code not sent is a code not consumed.
    if (req.timeoutMs <= 0) return resolve({ ok: false, reason: 'timeout', durationMs: 0 })
    const started = performance.now()
    let settled = false
    let timedOut = false
    const settle = (reply: Omit<UpstreamAnswer, 'durationMs'> | Omit<UpstreamNoAnswer, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...reply, durationMs: performance.now() - started } as UpstreamReply)
    }
    const secure = url.protocol === 'https:'
    const transport = secure ? https : http
    const headers: Record<string, string | number> = { accept: 'application/json', ...req.headers }
    if (req.body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/json'
      headers['content-length'] = Buffer.byteLength(req.body)
    }
    const request = transport.request({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: req.method,
      agent: agents[secure ? 'https:' : 'http:'],
      headers,
    }, (res) => {
      const status = res.statusCode ?? 0
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_ANSWER_BYTES) {
          settle({ ok: false, reason: 'too_large', status })
          request.destroy()
          return
        }
        chunks.push(chunk)
      })
      res.on('error', () => settle({ ok: false, reason: timedOut ? 'timeout' : 'network' }))
      res.on('end', () => {
        if (status < 200 || status >= 300) return settle({ ok: false, reason: 'http_status', status })
        settle({ ok: true, status, text: Buffer.concat(chunks).toString('utf8') })
      })
    })
    const timer = setTimeout(() => {
      timedOut = true
      settle({ ok: false, reason: 'timeout' })
      request.destroy()
    }, req.timeoutMs)
    request.on('error', () => settle({ ok: false, reason: timedOut ? 'timeout' : 'network' }))
    request.end(req.body)
  })
}

/** A JSON object, or undefined for anything else (HTML error pages, arrays, truncated text). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
