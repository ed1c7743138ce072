/**
 * The `uni` global for tests: the parts of the uni-app runtime the store and API layer use, with
 * `request` over real HTTP to the real BFF, storage in a Map (which outlives a store, as uni storage
 * outlives an app launch), `login` returning a code minted by the BFF's mock WeChat, and navigation
 * and toasts recorded so tests can count them.
 */
import { mintLoginCode } from '../e2e/support/bffCalls'
import { httpText } from '../e2e/support/httpText'

type RequestOptions = UniNamespace.RequestOptions
export type RequestWrapper = (options: RequestOptions, next: (options: RequestOptions) => void) => void

export interface RecordedRequest {
  method: string
  path: string
  status: number | null
  /** The JSON body sent, parsed (undefined without one). */
  body?: unknown
}

export interface UniRuntime {
  storage: Map<string, unknown>
  requests: RecordedRequest[]
  navigations: { api: 'reLaunch' | 'navigateTo' | 'redirectTo'; url: string }[]
  toasts: string[]
  /** Page stack as getCurrentPages() shows it (route without leading slash). */
  pages: { route: string; options: Record<string, string> }[]
  /** The WeChat user uni.login speaks for. */
  openid: string
  /** When set, uni.login fails with this errMsg. */
  loginFailure: string | null
  /** What uni.getSystemInfoSync() answers on this phone. */
  systemInfo: { platform: string; system?: string; brand?: string; model: string; appVersion: string }
  /** Puts `wrapper` in front of uni.request (to delay or fail some requests) until reset(). */
  wrapRequest(wrapper: RequestWrapper): void
  reset(): void
}

// Captured now, so a test can delete this global (mp-weixin has none) and the runtime still works.
const NodeURLSearchParams = globalThis.URLSearchParams

type Callbacks = { success?: (r: never) => void; fail?: (r: { errMsg: string }) => void; complete?: (r: unknown) => void }

function finish<T>(options: Callbacks, result: T, ok = true): void {
  // uni calls back asynchronously, never inside the call.
  setTimeout(() => {
    if (ok) options.success?.(result as never)
    else options.fail?.(result as { errMsg: string })
    options.complete?.(result)
  }, 0)
}

function parseUrl(url: string): { route: string; options: Record<string, string> } {
  const [path = '', query = ''] = url.split('?')
  return { route: path.replace(/^\//, ''), options: Object.fromEntries(new NodeURLSearchParams(query)) }
}

function parsed(body: string | undefined): unknown {
  try { return body === undefined ? undefined : JSON.parse(body) } catch { return body }
}

export function installUni(bffUrl: string): UniRuntime {
  let wrapper: RequestWrapper | null = null

  const runtime: UniRuntime = {
    storage: new Map(),
    requests: [],
    navigations: [],
    toasts: [],
    pages: [],
    openid: '',
    loginFailure: null,
    systemInfo: { platform: 'ios', system: 'iOS 17.4', brand: 'Apple', model: 'iPhone 15<iPhone14,7>', appVersion: '0.1.0' },
    wrapRequest(next) {
      wrapper = next
    },
    reset() {
      wrapper = null
      this.storage.clear()
      this.requests.length = 0
      this.navigations.length = 0
      this.toasts.length = 0
      this.pages = [{ route: 'pages/profile/profile', options: {} }]
      this.openid = `openid_${Math.random().toString(36).slice(2)}`
      this.loginFailure = null
      this.systemInfo = { platform: 'ios', system: 'iOS 17.4', brand: 'Apple', model: 'iPhone 15<iPhone14,7>', appVersion: '0.1.0' }
    },
  }
  runtime.reset()

  /** What wx.request does: real HTTP; dataType "json" parses, anything else hands over the text. */
  function realRequest(options: RequestOptions): { abort(): void } {
    const method = options.method ?? 'GET'
    const body = typeof options.data === 'string' ? options.data : options.data === undefined ? undefined : JSON.stringify(options.data)
    const record: RecordedRequest = { method, path: new URL(options.url).pathname, status: null, body: parsed(body) }
    runtime.requests.push(record)
    const task = httpText(options.url, { method, header: (options.header ?? {}) as Record<string, string>, body, timeoutMs: options.timeout ?? 60_000 })
    task.result.then(({ status, header, text }) => {
      record.status = status
      let data: unknown = text
      if (options.dataType === 'json') {
        try { data = JSON.parse(text) } catch { /* left as text, as wx does */ }
      }
      options.success?.({ data: data as string, statusCode: status, header, cookies: [] })
      options.complete?.({ errMsg: 'request:ok' })
    }, (error: unknown) => {
      const errMsg = `request:fail ${error instanceof Error ? error.message : String(error)}`
      options.fail?.({ errMsg })
      options.complete?.({ errMsg })
    })
    return { abort: task.abort }
  }

  function navigate(api: 'reLaunch' | 'navigateTo' | 'redirectTo') {
    return (options: { url: string } & Callbacks) => {
      runtime.navigations.push({ api, url: options.url })
      const page = parseUrl(options.url)
      if (api === 'reLaunch') runtime.pages = [page]
      else if (api === 'redirectTo') runtime.pages.splice(-1, 1, page)
      else runtime.pages.push(page)
      finish(options, { errMsg: `${api}:ok` })
    }
  }

  const uni = {
    request(options: RequestOptions) {
      const task = { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
      if (wrapper) wrapper(options, (o) => void realRequest(o))
      else Object.assign(task, realRequest(options))
      return task
    },
    login(options: Callbacks) {
      if (runtime.loginFailure) return finish(options, { errMsg: runtime.loginFailure }, false)
      mintLoginCode(bffUrl, runtime.openid).then(
        (code) => finish(options, { code, errMsg: 'login:ok' }),
        (e: unknown) => finish(options, { errMsg: `login:fail ${String(e)}` }, false),
      )
    },
    getStorageSync: (key: string) => (runtime.storage.has(key) ? runtime.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void runtime.storage.set(key, value),
    removeStorageSync: (key: string) => void runtime.storage.delete(key),
    reLaunch: navigate('reLaunch'),
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    showToast: (options: { title: string }) => void runtime.toasts.push(options.title),
    onNetworkStatusChange: () => {},
    getSystemInfoSync: () => ({ ...runtime.systemInfo }),
  }

  Object.assign(globalThis, {
    uni,
    getCurrentPages: () => runtime.pages.map((p) => ({ route: p.route, options: p.options })),
  })
  return runtime
}
