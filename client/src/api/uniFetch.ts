import type { UniAbortSignal } from './uniAbort'
import { UniHeaders } from './uniHeaders'

/** `uni.request`, or anything with its shape (the tests pass one that speaks real HTTP). */
export type UniRequest = (options: UniNamespace.RequestOptions) => unknown

/** What ofetch reads from a Response: status, headers, and the body as text. */
export interface UniResponse {
  readonly status: number
  readonly statusText: string
  readonly ok: boolean
  readonly headers: UniHeaders
  /** ofetch checks `body` to decide whether there is anything to parse. */
  readonly body: string | null
  text(): Promise<string>
  json(): Promise<unknown>
}

export interface UniFetchInit {
  method?: string
  headers?: UniHeaders | Record<string, string>
  /** Must already be a string: ofetch stringifies JSON for us only where `FormData` exists. */
  body?: string | null
  /** ofetch passes one for its `timeout` option; aborting it aborts the uni.request task. */
  signal?: UniAbortSignal | null
}

type RequestMethod = NonNullable<UniNamespace.RequestOptions['method']>

/** A request that never reached the server (offline, DNS, timeout, TLS, domain not allowed). */
export class NetworkFailure extends Error {
  override readonly name = 'NetworkFailure'
}

/**
 * A `fetch` for ofetch's `createFetch`, built on `uni.request`, because the mini program has no
 * `fetch`. The body travels as text and is parsed by ofetch, so both platforms behave alike.
 */
export function createUniFetch(request: UniRequest, { timeoutMs = 15_000 } = {}) {
  return function uniFetch(url: string, init: UniFetchInit = {}): Promise<UniResponse> {
    const headers = init.headers instanceof UniHeaders ? init.headers : new UniHeaders(init.headers)
    if (init.body != null && typeof init.body !== 'string') {
      return Promise.reject(new TypeError('uniFetch sends string bodies only; stringify JSON first'))
    }
    const signal = init.signal
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise((resolve, reject) => {
      const task = request({
        url,
        method: (init.method ?? 'GET').toUpperCase() as RequestMethod,
        header: headers.toObject(),
        ...(init.body != null ? { data: init.body } : {}),
        timeout: timeoutMs,
        // Anything but "json" keeps the raw text; ofetch parses it.
        dataType: 'text',
        responseType: 'text',
        success: (result) => resolve(toResponse(result)),
        fail: (error) => reject(signal?.aborted ? signal.reason : new NetworkFailure(error?.errMsg || 'request:fail')),
      }) as UniNamespace.RequestTask | undefined
      signal?.addEventListener('abort', () => task?.abort())
    })
  }
}

function toResponse(result: UniNamespace.RequestSuccessCallbackResult): UniResponse {
  const text = typeof result.data === 'string' ? result.data
    // Some runtimes parse JSON whatever dataType says; give ofetch text again.
    : result.data == null ? '' : JSON.stringify(result.data)
  const headers = new UniHeaders(normalizeHeader(result.header))
  return {
    status: result.statusCode,
    statusText: '',
    ok: result.statusCode >= 200 && result.statusCode < 300,
    headers,
    body: text === '' ? null : text,
    text: async () => text,
    json: async () => JSON.parse(text) as unknown,
  }
}

function normalizeHeader(header: unknown): Record<string, string> {
  if (typeof header !== 'object' || header === null) return {}
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(header)) {
    if (value != null) out[name] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return out
}
