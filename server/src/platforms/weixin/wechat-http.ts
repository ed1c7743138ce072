import { createUpstreamHttp, parseJsonObject, type UpstreamNoAnswer } from '../upstream/upstream-http'

/** A usable WeChat answer: a JSON object, with errcode normalised to a number (0 when absent). */
export interface WechatAnswer {
  ok: true
  errcode: number
  body: Record<string, unknown>
  durationMs: number
}

/** The transport's no-answer (nothing may be retried), with an oversized answer read as not_json. */
export type WechatNoAnswer = Omit<UpstreamNoAnswer, 'reason'> & {
  reason: Exclude<UpstreamNoAnswer['reason'], 'too_large'> | 'not_json'
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

/**
 * WeChat's endpoints under one base URL, over the platforms' one HTTP exchange (upstream-http.ts: keep-alive,
 * timeout, size cap, never a retry). What is WeChat's own: JSON bodies, errcode parsing, and an oversized
 * answer counted as not_json (it cannot be one of WeChat's).
 */
export function createWechatHttp(opts: WechatHttpOptions): WechatHttp {
  const http = createUpstreamHttp()
  const base = new URL(opts.apiBase)
  const prefix = base.pathname.replace(/\/+$/, '')

  return async (path, req) => {
    const search = req.query === undefined ? '' : `?${new URLSearchParams(req.query).toString()}`
    const reply = await http(new URL(`${prefix}${path}${search}`, base.origin), {
      method: req.method,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      timeoutMs: Math.min(opts.timeoutMs, req.timeoutMs ?? opts.timeoutMs),
    })
    if (!reply.ok) {
      return reply.reason === 'too_large'
        ? { ok: false, reason: 'not_json', durationMs: reply.durationMs }
        : { ok: false, reason: reply.reason, ...(reply.status === undefined ? {} : { status: reply.status }), durationMs: reply.durationMs }
    }
    // WeChat labels JSON as text/plain on some endpoints: the body decides, not the header.
    const body = parseJsonObject(reply.text)
    const errcode = body && parseErrcode(body.errcode)
    if (!body || errcode === undefined) return { ok: false, reason: 'not_json', durationMs: reply.durationMs }
    return { ok: true, errcode, body, durationMs: reply.durationMs }
  }
}

/** errcode is a number, or a numeric string in some of WeChat's answers; absent means success. */
function parseErrcode(value: unknown): number | undefined {
  if (value === undefined || value === null) return 0
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim())
  return undefined
}
