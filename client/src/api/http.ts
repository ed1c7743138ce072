import { isErrorBody } from 'shared'
import { createFetch } from 'ofetch'
import { ApiError } from './apiError'
import type { UniFetchInit, UniResponse } from './uniTransport'
import { UniAbortController, UniHeaders } from './uniTransport'

/** How the HTTP layer reaches the session, without knowing where it is kept. */
export interface TokenHooks {
  /** The access token to send, or null when signed out. */
  accessToken(): string | null
  /**
   * A fresh access token. Must share one refresh among all callers: a refresh token works once,
   * so two refreshes racing would revoke the session. Rejects when the session cannot be renewed.
   */
  refresh(): Promise<string>
  /** The server refused even a freshly refreshed token: the session is gone. */
  sessionLost(): void
}

export interface HttpOptions {
  /** e.g. https://api.example.com; paths come from `ROUTES`. */
  baseURL: string
  fetch: (url: string, init?: UniFetchInit) => Promise<UniResponse>
  /** May come later, through `useTokens` (the auth store plugs itself in when it is created). */
  tokens?: TokenHooks
  /** Per request, over the transport's own timeout; aborts the request. */
  timeoutMs?: number
}

export interface RequestOptions {
  method?: 'GET' | 'POST'
  body?: unknown
  /** Send the Bearer token, and refresh it once on 401. */
  auth?: boolean
}

/** A success: the body, and the headers for the few routes that answer in one (e.g. X-Phone-Unchanged). */
export interface Exchange<T> {
  data: T
  headers: { get(name: string): string | null }
}

export interface Http {
  request<T>(path: string, options?: RequestOptions): Promise<T>
  exchange<T>(path: string, options?: RequestOptions): Promise<Exchange<T>>
  /**
   * Where authorized requests get their token from now on. The app has one client and one session
   * holder: the auth store calls this when it is created (a newer store replaces an older one's hooks).
   */
  useTokens(hooks: TokenHooks): void
}

/** The app builds one of these (store/auth.ts) and passes it to everything that calls the BFF. */
export function createHttp({ baseURL, fetch, tokens: initialTokens, timeoutMs }: HttpOptions): Http {
  let tokens = initialTokens
  const $fetch = createFetch({
    // ofetch's types ask for the DOM's fetch and Headers; it only uses the parts ours have.
    fetch: fetch as unknown as typeof globalThis.fetch,
    Headers: UniHeaders as unknown as typeof globalThis.Headers,
    AbortController: UniAbortController as unknown as typeof globalThis.AbortController,
  })

  async function send<T>(path: string, options: RequestOptions, token: string | null): Promise<Exchange<T>> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`
    let response
    try {
      response = await $fetch.raw(path, {
        baseURL,
        method: options.method ?? 'GET',
        headers,
        // Stringified here: ofetch would otherwise test the body against FormData, which the mini program lacks.
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // Codes are single-use, so nothing is retried behind the caller's back.
        retry: false,
        ignoreResponseError: true,
        ...(timeoutMs ? { timeout: timeoutMs } : {}),
      })
    } catch (cause) {
      throw new ApiError('NETWORK_ERROR', 0, cause instanceof Error ? cause.message : String(cause))
    }
    const data: unknown = response._data
    if (response.status >= 200 && response.status < 300) {
      if (response.status !== 204 && (typeof data !== 'object' || data === null)) {
        throw new ApiError('BAD_RESPONSE', response.status, 'expected a JSON object')
      }
      return { data: data as T, headers: response.headers }
    }
    if (isErrorBody(data)) {
      const retryAfter = Number(response.headers.get('retry-after'))
      throw new ApiError(data.error.code, response.status, data.error.message, retryAfter > 0 ? retryAfter : undefined)
    }
    throw new ApiError('BAD_RESPONSE', response.status, `HTTP ${response.status} without an error body`)
  }

  async function sendAuthorized<T>(path: string, options: RequestOptions, hooks: TokenHooks): Promise<Exchange<T>> {
    const token = hooks.accessToken()
    if (!token) throw new ApiError('UNAUTHORIZED', 401, 'not signed in')
    try {
      return await send<T>(path, options, token)
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'UNAUTHORIZED') throw error
    }
    // The token we sent was refused. If another request has already replaced it, use the new one;
    // otherwise join (or start) the one shared refresh. Either way this request is replayed once.
    const current = hooks.accessToken()
    const fresh = current && current !== token ? current : await hooks.refresh()
    try {
      return await send<T>(path, options, fresh)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHORIZED') hooks.sessionLost()
      throw error
    }
  }

  function exchange<T>(path: string, options: RequestOptions = {}): Promise<Exchange<T>> {
    if (!options.auth) return send<T>(path, options, null)
    if (!tokens) throw new Error('createHttp: an authorized request needs `tokens`')
    return sendAuthorized<T>(path, options, tokens)
  }

  return {
    exchange,
    useTokens: (hooks) => {
      tokens = hooks
    },
    request: async <T>(path: string, options?: RequestOptions) => (await exchange<T>(path, options)).data,
  }
}
