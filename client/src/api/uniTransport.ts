/**
 * The transport: the parts of Fetch that ofetch needs (`fetch`, `Headers`, `AbortController`), built
 * on `uni.request`, because the mini program has none of them. H5 uses the same code, so both
 * platforms behave alike. http.ts hands UniHeaders and UniAbortController to ofetch; the app builds its one
 * client with `createHttp({ fetch: createUniFetch(uni.request), … })`.
 */

// ── Headers ──────────────────────────────────────────────────────────────────────────────────────

type HeadersInit = UniHeaders | Record<string, string> | Iterable<readonly [string, string]>

/**
 * The part of the Fetch `Headers` class that ofetch uses. The mini program has no `Headers`;
 * names are case-insensitive, as in Fetch.
 */
export class UniHeaders {
  private readonly map = new Map<string, string>()

  constructor(init?: HeadersInit | null) {
    if (!init) return
    const entries = Symbol.iterator in init
      ? (init as Iterable<readonly [string, string]>)
      : Object.entries(init as Record<string, string>)
    for (const [name, value] of entries) this.set(name, value)
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), String(value))
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase())
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase())
  }

  forEach(callback: (value: string, name: string) => void): void {
    this.map.forEach((value, name) => callback(value, name))
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries()
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries()
  }

  /** The plain object `uni.request` takes as `header`. */
  toObject(): Record<string, string> {
    return Object.fromEntries(this.map)
  }
}

// ── AbortController ──────────────────────────────────────────────────────────────────────────────

/**
 * The part of `AbortController` that ofetch and uniFetch use, because the mini program has none.
 * Handing it to `createFetch` also keeps ofetch from reaching for `globalThis.AbortController`.
 */
export class UniAbortSignal {
  aborted = false
  reason: unknown = undefined
  private readonly listeners = new Set<() => void>()

  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.add(listener)
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.delete(listener)
  }

  /** @internal */
  fire(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    for (const listener of this.listeners) listener()
    this.listeners.clear()
  }
}

export class UniAbortController {
  readonly signal = new UniAbortSignal()

  abort(reason?: unknown): void {
    this.signal.fire(reason ?? new Error('aborted'))
  }
}

// ── fetch ────────────────────────────────────────────────────────────────────────────────────────


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
