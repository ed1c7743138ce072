import http from 'node:http'
import https from 'node:https'

/** A usable WeChat answer: a JSON object, with errcode normalised to a number (0 when absent). */
export interface WechatAnswer {
  ok: true
  errcode: number
  body: Record<string, unknown>
  durationMs: number
}

/** No usable answer: the code may or may not have been consumed, so nothing may be retried. */
export interface WechatNoAnswer {
  ok: false
  reason: 'timeout' | 'network' | 'http_status' | 'not_json'
  status?: number
  durationMs: number
}

export type WechatReply = WechatAnswer | WechatNoAnswer

export interface WechatHttpOptions {
  /** Base URL for every endpoint (the real API, a proxy, or the mock). */
  apiBase: string
  timeoutMs: number
}

export interface WechatRequest {
  method: 'GET' | 'POST'
  query?: Record<string, string>
  body?: Record<string, unknown>
  /** This call's timeout, when less than the client's (what is left of the request's deadline); 0: do not send. */
  timeoutMs?: number
}

export type WechatHttp = (path: string, req: WechatRequest) => Promise<WechatReply>

/** WeChat's answers are small; anything bigger is not one. */
const MAX_ANSWER_BYTES = 64 * 1024
/**
 * Idle keep-alive connections are closed by us before a server would close them (node's default is 5 s), so
 * a request is never written onto a connection the server is closing, where it could not be told whether it
 * arrived, and a one-time code must not be sent twice.
 */
const IDLE_SOCKET_MS = 4000

/**
 * One HTTP exchange with WeChat over node's own http(s) with keep-alive connections: tens of µs of CPU where
 * fetch (undici) cost several hundred. Never throws: every failure becomes a WechatNoAnswer (errors would
 * carry the URL, whose query holds the secret or the access token, so they stay in here). No retries: a
 * retry could send a one-time code twice.
 */
export function createWechatHttp(opts: WechatHttpOptions): WechatHttp {
  const base = new URL(opts.apiBase)
  const secure = base.protocol === 'https:'
  const transport = secure ? https : http
  const agent = new transport.Agent({ keepAlive: true, maxSockets: 64, scheduling: 'lifo', timeout: IDLE_SOCKET_MS })
  const prefix = base.pathname.replace(/\/+$/, '')
  const port = base.port === '' ? undefined : Number(base.port)

  return (path, req) => new Promise<WechatReply>((resolve) => {
    const started = performance.now()
    const timeoutMs = Math.min(opts.timeoutMs, req.timeoutMs ?? opts.timeoutMs)
    // The request's deadline has passed: a code not sent is a code not consumed.
    if (timeoutMs <= 0) return resolve({ ok: false, reason: 'timeout', durationMs: 0 })
    let settled = false
    const settle = (reply: Omit<WechatAnswer, 'durationMs'> | Omit<WechatNoAnswer, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...reply, durationMs: performance.now() - started } as WechatReply)
    }
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body)
    const search = req.query === undefined ? '' : `?${new URLSearchParams(req.query).toString()}`
    const request = transport.request({
      host: base.hostname.replace(/^\[|\]$/g, ''),
      port,
      path: `${prefix}${path}${search}`,
      method: req.method,
      agent,
      headers: payload === undefined
        ? { accept: 'application/json' }
        : { accept: 'application/json', 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      const status = res.statusCode ?? 0
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_ANSWER_BYTES) {
          settle({ ok: false, reason: 'not_json' })
          request.destroy()
          return
        }
        chunks.push(chunk)
      })
      res.on('error', () => settle({ ok: false, reason: timedOut ? 'timeout' : 'network' }))
      res.on('end', () => {
        if (status < 200 || status >= 300) return settle({ ok: false, reason: 'http_status', status })
        // WeChat labels JSON as text/plain on some endpoints: the body decides, not the header.
        const body = parseObject(Buffer.concat(chunks).toString('utf8'))
        const errcode = body && parseErrcode(body.errcode)
        if (!body || errcode === undefined) return settle({ ok: false, reason: 'not_json' })
        settle({ ok: true, errcode, body })
      })
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      settle({ ok: false, reason: 'timeout' })
      request.destroy()
    }, timeoutMs)
    request.on('error', () => settle({ ok: false, reason: timedOut ? 'timeout' : 'network' }))
    request.end(payload)
  })
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** errcode is a number, or a numeric string in some of WeChat's answers; absent means success. */
function parseErrcode(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim())
  return undefined
}
