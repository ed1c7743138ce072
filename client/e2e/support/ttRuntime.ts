/**
 * Douyin (抖音) for the compiled mp-toutiao output, which has no simulator: the `tt` members the app
 * and uni's mp-toutiao runtime call, in Douyin's documented shapes (tt.login → { code, anonymousCode };
 * tt.request → { data, statusCode, header }; storage by key, '' when missing), and Douyin's component
 * model (WeChat-like Component() for pages and components: properties, lifetimes, triggerEvent, the
 * page's __nodeId__ 0), for mpHost.ts to run the pages with.
 */
import type { ApiRoute, Callbacks, HostRecord, PhoneDevice } from './hostApi'
import { answerData, datasetOf, newHostRecord, routeRequest, settle } from './hostApi'
import type { ComponentNode, Host, HostNode, PageNode, PlatformModel } from './mpHost'
import { createHost } from './mpHost'

type Fn = (...args: unknown[]) => unknown
type Options = {
  properties?: Record<string, { type?: unknown; value?: unknown; observer?: Fn } | null>
  data?: Record<string, unknown>
  lifetimes?: Record<string, Fn | undefined>
  methods?: Record<string, Fn>
}

const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
const call = (node: HostNode, fn: Fn | undefined, ...args: unknown[]) => fn?.apply(node.mp, args)

/** The instance WeChat-style Component() gives: data and properties (one object), methods, triggerEvent. */
function instantiate(node: HostNode, host: Host, nodeId: number, webviewId: unknown, attrs: Record<string, unknown>): void {
  const options = node.options as Options
  const mp = node.mp
  const data: Record<string, unknown> = structuredClone(options.data ?? {})
  for (const [name, property] of Object.entries(options.properties ?? {})) data[name] = property?.value ?? null
  for (const [name, value] of Object.entries(attrs)) {
    const key = camel(name)
    if (options.properties && key in options.properties) data[key] = value
  }
  Object.assign(mp, options.methods, {
    data, properties: data, is: node.file, __nodeId__: nodeId, __webviewId__: webviewId,
    selectAllComponents: () => [], selectComponent: () => null,
    triggerEvent(name: string, detail: unknown) {
      if (!('parent' in node)) return
      const child = node as ComponentNode
      const binding = Object.keys(child.rawAttrs).find((attr) => ttModel.eventOf(attr) === name)
      const handler = binding && host.handlerOf(child.parent, child.rawAttrs[binding]!)
      const target = { id: String(child.attrs.id ?? ''), dataset: datasetOf(child.attrs) }
      if (handler) handler({ type: name, timeStamp: Date.now(), target, currentTarget: target, detail })
    },
  })
}

export const ttModel: PlatformModel = {
  globalName: 'tt',
  markup: 'ttml',
  directive: 'tt:',
  eventOf: (attribute) => /^(?:bind|catch|capture-bind|capture-catch):?(.+)$/.exec(attribute)?.[1],
  event(type, element, detail) {
    const target = { id: String(element.attrs.id ?? ''), dataset: datasetOf(element.attrs), offsetLeft: 0, offsetTop: 0 }
    return { type, timeStamp: Date.now(), target, currentTarget: target, detail }
  },
  createPage(node: PageNode, query, host) {
    instantiate(node, host, 0, node.mp.__webviewId__, {})
    Object.assign(node.mp, { route: node.route, __route__: node.route })
    const { lifetimes = {} } = node.options as Options
    call(node, lifetimes.created)
    call(node, lifetimes.attached)
    call(node, node.mp.onLoad as Fn, query)
    call(node, node.mp.onShow as Fn)
  },
  pageReady: (node) => void call(node, (node.options as Options).lifetimes?.ready),
  createComponent(node, host) {
    instantiate(node, host, node.page.nextNodeId++, node.page.mp.__webviewId__, node.attrs)
    const { lifetimes = {} } = node.options as Options
    call(node, lifetimes.created)
    call(node, lifetimes.attached)
  },
  componentReady: (node) => void call(node, (node.options as Options).lifetimes?.ready),
  updateComponent(node, previous) {
    const { properties = {} } = node.options as Options
    for (const [name, value] of Object.entries(node.attrs)) {
      const key = camel(name)
      if (!(key in properties) || JSON.stringify(previous[name]) === JSON.stringify(value)) continue
      const old = node.mp.data[key]
      node.mp.data[key] = value
      call(node, properties[key]?.observer, value, old)
    }
  },
  removeComponent: (node) => void call(node, (node.options as Options).lifetimes?.detached),
  showPage: (node) => void call(node, node.mp.onShow as Fn),
  hidePage: (node) => void call(node, node.mp.onHide as Fn),
  unloadPage(node) {
    call(node, node.mp.onUnload as Fn)
    call(node, (node.options as Options).lifetimes?.detached)
  },
}

/** A Douyin phone (iOS, Douyin app, base library 3.51+: the phone button gives e.detail.code). */
export const DOUYIN_SYSTEM_INFO = {
  brand: 'Apple', model: 'iPhone 15', pixelRatio: 3, screenWidth: 393, screenHeight: 852, windowWidth: 393, windowHeight: 852,
  statusBarHeight: 54, language: 'zh_CN', version: '29.6.0', system: 'iOS 17.4', platform: 'ios', appName: 'Douyin',
  SDKVersion: '3.52.0', safeArea: { left: 0, right: 393, top: 54, bottom: 818, width: 393, height: 764 },
}

type TtError = { errMsg: string; errNo?: number }

/** The `tt` of one launch. */
export function ttApi(device: PhoneDevice, route: ApiRoute, record: HostRecord) {
  let codes = 0
  const systemInfo = () => ({ ...DOUYIN_SYSTEM_INFO, model: device.model })
  return {
    getSystemInfoSync: systemInfo,
    getSystemInfo: (options: Callbacks<unknown, TtError>) => settle(options, { ok: true, result: { ...systemInfo(), errMsg: 'getSystemInfo:ok' } }),
    canIUse: () => true,
    login(options: Callbacks<{ code: string; anonymousCode: string; isLogin: boolean; errMsg: string }, TtError> & { force?: boolean }) {
      const code = `tt-login-${Date.now().toString(36)}-${++codes}`
      record.loginCodes.push(code)
      settle(options, { ok: true, result: { code, anonymousCode: `anon-${code}`, isLogin: true, errMsg: 'login:ok' } })
    },
    request(options: Callbacks<{ data: unknown; statusCode: number; header: Record<string, string>; errMsg: string }, TtError> & {
      url: string; method?: string; header?: Record<string, string>; data?: unknown; dataType?: string; responseType?: string; timeout?: number
    }) {
      const task = routeRequest(record, route, { url: options.url, method: options.method, header: options.header, data: options.data, timeout: options.timeout })
      task.result.then(({ status, header, text }) => {
        settle(options, { ok: true, result: { data: answerData(text, options.dataType), statusCode: status, header, errMsg: 'request:ok' } })
      }, (error: Error) => settle(options, { ok: false, error: { errMsg: `request:fail ${error.message}`, errNo: 21100 } }))
      return { abort: task.abort, onHeadersReceived() {}, offHeadersReceived() {} }
    },
    // Douyin returns '' for a missing key.
    getStorageSync: (key: string) => (device.storage.has(key) ? device.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void device.storage.set(key, value),
    removeStorageSync: (key: string) => void device.storage.delete(key),
    setStorage(options: Callbacks<{ errMsg: string }, TtError> & { key: string; data: unknown }) {
      device.storage.set(options.key, options.data)
      settle(options, { ok: true, result: { errMsg: 'setStorage:ok' } })
    },
    // The app listens for the network coming back (to send a logout made offline); this phone stays online.
    onNetworkStatusChange: (_listener: (result: { isConnected: boolean; networkType: string }) => void) => {},
    offNetworkStatusChange: () => {},
    getNetworkType: (options: Callbacks<{ networkType: string; errMsg: string }, TtError>) => settle(options, { ok: true, result: { networkType: 'wifi', errMsg: 'getNetworkType:ok' } }),
    showToast(options: Callbacks<{ errMsg: string }, TtError> & { title: string }) {
      record.toasts.push(options.title)
      settle(options, { ok: true, result: { errMsg: 'showToast:ok' } })
    },
    showLoading: (options: Callbacks<{ errMsg: string }, TtError>) => settle(options, { ok: true, result: { errMsg: 'showLoading:ok' } }),
    hideLoading: (options: Callbacks<{ errMsg: string }, TtError> = {}) => settle(options, { ok: true, result: { errMsg: 'hideLoading:ok' } }),
    showModal(options: Callbacks<{ confirm: boolean; cancel: boolean; errMsg: string }, TtError> & { content?: string }) {
      record.modals.push(options.content ?? '')
      const confirm = record.modalAnswers.shift() ?? true
      settle(options, { ok: true, result: { confirm, cancel: !confirm, errMsg: 'showModal:ok' } })
    },
    setNavigationBarTitle: (options: Callbacks<{ errMsg: string }, TtError>) => settle(options, { ok: true, result: { errMsg: 'setNavigationBarTitle:ok' } }),
  }
}

/** Starts the mp-toutiao app in `distDir` on `device` and opens `url` (default: its first page). */
export function launchDouyin({ distDir, route, device, url }: { distDir: string; route: ApiRoute; device: PhoneDevice; url?: string }) {
  const record = newHostRecord()
  const app = createHost(ttModel, distDir, ttApi(device, route, record))
  app.launch(url)
  return { ...app, record }
}
