/**
 * What every platform's stand-in API (wx, tt, my) shares: callbacks answered asynchronously, as the
 * hosts do, and `request` over real HTTP, the app's https API base sent to a local server. Each
 * runtime file (wxRuntime.ts, ttRuntime.ts, myRuntime.ts) shapes the arguments and answers its way.
 */
import { httpText } from './httpText'

export interface RecordedRequest {
  method: string
  path: string
  status: number | null
}

/** Where the app's https API base really goes: the local BFF (or a proxy or recorder in front of it). */
export interface ApiRoute {
  apiBase: string
  target: string
}

export type Callbacks<T, E = { errMsg: string }> = { success?: (result: T) => void; fail?: (error: E) => void; complete?: (result: unknown) => void }

/** The hosts call back asynchronously, never inside the call. */
export function settle<T, E>(options: Callbacks<T, E>, outcome: { ok: true; result: T } | { ok: false; error: E }): void {
  setTimeout(() => {
    if (outcome.ok) options.success?.(outcome.result)
    else options.fail?.(outcome.error)
    options.complete?.(outcome.ok ? outcome.result : outcome.error)
  }, 0)
}

/** One request of the app, recorded, over real HTTP; the body is sent as the host would (objects as JSON). */
export function routeRequest(record: { requests: RecordedRequest[] }, route: ApiRoute, options: {
  url: string
  method?: string
  header?: Record<string, string>
  data?: unknown
  timeout?: number
}): { result: Promise<{ status: number; header: Record<string, string>; text: string }>; abort(): void } {
  const method = (options.method ?? 'GET').toUpperCase()
  const entry: RecordedRequest = { method, path: new URL(options.url).pathname, status: null }
  record.requests.push(entry)
  const body = options.data == null ? undefined : typeof options.data === 'string' ? options.data : JSON.stringify(options.data)
  const url = options.url.startsWith(`${route.apiBase}/`) ? route.target + options.url.slice(route.apiBase.length) : options.url
  const task = httpText(url, { method, header: options.header, body, timeoutMs: options.timeout ?? 60_000 })
  return {
    result: task.result.then((answer) => {
      entry.status = answer.status
      return answer
    }),
    abort: task.abort,
  }
}

/** What the app did through the platform's API, for assertions (Douyin's and Alipay's stand-ins). */
export interface HostRecord {
  requests: RecordedRequest[]
  /** Every login code the platform handed the app (tt.login, my.getAuthCode), in order. */
  loginCodes: string[]
  toasts: string[]
  /** The content of each modal shown. */
  modals: string[]
  /** How the user answers the next modals, in order (true: the confirm button); when empty, confirm. */
  modalAnswers: boolean[]
}

export const newHostRecord = (): HostRecord => ({ requests: [], loginCodes: [], toasts: [], modals: [], modalAnswers: [] })

/** A phone: its storage outlives an app launch. */
export interface PhoneDevice {
  storage: Map<string, unknown>
  model: string
}

/** The body of a host's text answer as dataType asks: 'json' (the hosts' default) parses when it can. */
export function answerData(text: string, dataType: string | undefined): unknown {
  if (dataType !== undefined && dataType !== 'json') return text
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** `data-foo-bar` attributes as a dataset ({ fooBar }), as every host builds event targets. */
export function datasetOf(attrs: Record<string, unknown>): Record<string, unknown> {
  const dataset: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(attrs)) {
    if (name.startsWith('data-')) dataset[name.slice(5).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = value
  }
  return dataset
}
