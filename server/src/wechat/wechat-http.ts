import { ofetch } from 'ofetch'

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
}

export type WechatHttp = (path: string, req: WechatRequest) => Promise<WechatReply>

/**
 * One HTTP exchange with WeChat. Never throws: every failure becomes a WechatNoAnswer (the error objects of
 * the fetch layer carry the URL, whose query holds the secret or the access token, so they stay in here).
 */
export function createWechatHttp(opts: WechatHttpOptions): WechatHttp {
  const http = ofetch.create({
    baseURL: opts.apiBase,
    timeout: opts.timeoutMs,
    // A retry could send a one-time code twice.
    retry: 0,
    // WeChat labels JSON as text/plain on some endpoints: read text, parse it ourselves.
    responseType: 'text',
    ignoreResponseError: true,
  })

  return async (path, req) => {
    const started = performance.now()
    const elapsed = () => performance.now() - started
    let status: number
    let text: unknown
    try {
      const res = await http.raw(path, { method: req.method, query: req.query, body: req.body })
      status = res.status
      text = res._data
    } catch (err) {
      return { ok: false, reason: isTimeout(err) ? 'timeout' : 'network', durationMs: elapsed() }
    }
    if (status < 200 || status >= 300) return { ok: false, reason: 'http_status', status, durationMs: elapsed() }
    const body = parseObject(text)
    const errcode = body && parseErrcode(body.errcode)
    if (!body || errcode === undefined) return { ok: false, reason: 'not_json', durationMs: elapsed() }
    return { ok: true, errcode, body, durationMs: elapsed() }
  }
}

function isTimeout(err: unknown): boolean {
  const cause = (err as { cause?: { name?: unknown } } | undefined)?.cause
  return cause?.name === 'TimeoutError' || (err as { name?: unknown } | undefined)?.name === 'TimeoutError'
}

function parseObject(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined
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
