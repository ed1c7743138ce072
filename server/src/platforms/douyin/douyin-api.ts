import type { DouyinEndpoint } from './douyin-errors'
import { parseJsonObject, type UpstreamHttp } from '../upstream/upstream-http'

const TOUTIAO = 'https://developer.toutiao.com'
const OPEN_DOUYIN = 'https://open.douyin.com'

const PATHS: Record<DouyinEndpoint, { host: string; path: string }> = {
  token: { host: TOUTIAO, path: '/api/apps/v2/token' },
  jscode2session: { host: TOUTIAO, path: '/api/apps/v2/jscode2session' },
  get_phonenumber_info: { host: OPEN_DOUYIN, path: '/api/apps/v1/get_phonenumber_info/' },
}

/**
 * The three endpoints' URLs. Douyin serves them from two hosts; `apiBase` (DOUYIN_API_BASE), when given,
 * replaces the scheme and host of all three (a path in it is kept as a prefix: dev mode mounts its mock under one).
 */
export function douyinUrls(apiBase?: string): Record<DouyinEndpoint, URL> {
  const base = apiBase === undefined ? undefined : new URL(apiBase)
  const prefix = base ? base.pathname.replace(/\/+$/, '') : ''
  const url = (e: DouyinEndpoint) => new URL(`${prefix}${PATHS[e].path}`, base ? base.origin : PATHS[e].host)
  return { token: url('token'), jscode2session: url('jscode2session'), get_phonenumber_info: url('get_phonenumber_info') }
}

/** A usable Douyin answer `{err_no, err_tips, data}`, err_no normalised to a number. */
export interface DouyinAnswer {
  ok: true
  errNo: number
  data: unknown
  durationMs: number
}

export interface DouyinNoAnswer {
  ok: false
  reason: string
  status?: number
  durationMs: number
}

export type DouyinReply = DouyinAnswer | DouyinNoAnswer

/** The reason of a call the request's deadline left no time for: it was not sent (and is not counted). */
export const NOT_SENT = 'deadline'

/** POSTs a JSON body to one Douyin endpoint; never throws. */
export async function postDouyin(
  http: UpstreamHttp,
  url: URL,
  body: Record<string, unknown>,
  opts: { timeoutMs: number; headers?: Record<string, string> },
): Promise<DouyinReply> {
  if (opts.timeoutMs <= 0) return { ok: false, reason: NOT_SENT, durationMs: 0 }
  const reply = await http(url, { method: 'POST', body: JSON.stringify(body), headers: opts.headers, timeoutMs: opts.timeoutMs })
  if (!reply.ok) return reply
  const answer = parseJsonObject(reply.text)
  const errNo = answer && parseErrNo(answer.err_no)
  if (!answer || errNo === undefined) return { ok: false, reason: 'not_json', durationMs: reply.durationMs }
  return { ok: true, errNo, data: answer.data, durationMs: reply.durationMs }
}

function parseErrNo(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim())
  return undefined
}
