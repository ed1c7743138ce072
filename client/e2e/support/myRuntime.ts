/**
 * Alipay (支付宝) for the compiled mp-alipay output, which has no simulator: the `my` members the app and
 * uni's mp-alipay runtime call, in Alipay's documented shapes (my.getAuthCode → { authCode };
 * my.request takes `headers` and answers { data, status, headers }; my.getStorageSync({ key }) →
 * { data }; my.showToast({ content }); my.confirm for modals; errors as { error, errorMessage }), and
 * Alipay's component model (Page() with onLoad..onReady; component2 Component() with props, onInit,
 * deriveDataFromProps, didMount; `on*` props resolved to the parent's methods), for mpHost.ts.
 */
import type { ApiRoute, Callbacks, HostRecord, PhoneDevice } from './hostApi'
import { answerData, datasetOf, newHostRecord, routeRequest, settle } from './hostApi'
import type { ComponentNode, Host, HostNode, PageNode, PlatformModel } from './mpHost'
import { createHost } from './mpHost'

type Fn = (...args: unknown[]) => unknown
type Options = Record<string, unknown> & { data?: Record<string, unknown>; props?: Record<string, unknown>; methods?: Record<string, Fn> }

const camel = (name: string) => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())
const call = (node: HostNode, name: string, ...args: unknown[]) => (node.mp[name] as Fn | undefined)?.apply(node.mp, args)

/** A component's props: its tag's attributes, `on*` / `catch*` ones as the parent's methods they name. */
function propsOf(node: ComponentNode, host: Host): Record<string, unknown> {
  const props: Record<string, unknown> = { ...(node.options as Options).props }
  for (const [name, value] of Object.entries(node.attrs)) {
    const key = camel(name)
    props[key] = /^(on|catch)[A-Z]/.test(key) ? host.handlerOf(node.parent, node.rawAttrs[name]!) : value
  }
  return props
}

export const myModel: PlatformModel = {
  globalName: 'my',
  markup: 'axml',
  directive: 'a:',
  eventOf: (attribute) => /^(?:on|catch)([A-Z].*)$/.exec(attribute)?.[1]?.replace(/^./, (c) => c.toLowerCase()),
  event(type, element, detail) {
    const dataset = datasetOf(element.attrs)
    const target = { id: String(element.attrs.id ?? ''), dataset, targetDataset: dataset }
    return { type, timeStamp: Date.now(), target, currentTarget: { id: target.id, dataset }, detail }
  },
  createPage(node: PageNode, query) {
    const options = node.options as Options
    for (const [name, value] of Object.entries(options)) if (typeof value === 'function') node.mp[name] = value
    Object.assign(node.mp, { data: structuredClone(options.data ?? {}), route: node.route, $viewId: String(node.mp.__webviewId__) })
    call(node, 'onLoad', query)
    call(node, 'onShow')
  },
  pageReady: (node) => void call(node, 'onReady'),
  createComponent(node, host) {
    const options = node.options as Options
    Object.assign(node.mp, options.methods, {
      data: structuredClone(options.data ?? {}), props: propsOf(node, host), is: `/${node.file}`, $page: node.page.mp, $id: node.page.nextNodeId++,
    })
    call(node, 'onInit')
    ;(options.deriveDataFromProps as Fn | undefined)?.call(node.mp, node.mp.props)
  },
  componentReady: (node) => void (node.options.didMount as Fn | undefined)?.call(node.mp),
  updateComponent(node, _previous, host) {
    const next = propsOf(node, host)
    ;(node.options.deriveDataFromProps as Fn | undefined)?.call(node.mp, next)
    node.mp.props = next
  },
  removeComponent: (node) => void (node.options.didUnmount as Fn | undefined)?.call(node.mp),
  showPage: (node) => void call(node, 'onShow'),
  hidePage: (node) => void call(node, 'onHide'),
  unloadPage: (node) => void call(node, 'onUnload'),
}

/** An Alipay phone (iOS, Alipay 10.5). */
export const ALIPAY_SYSTEM_INFO = {
  app: 'alipay', brand: 'Apple', model: 'iPhone15,2', pixelRatio: 3, screenWidth: 393, screenHeight: 852, windowWidth: 393, windowHeight: 852,
  screen: { width: 393, height: 852 }, statusBarHeight: 54, titleBarHeight: 44, language: 'zh-Hans', version: '10.5.86', system: '17.4',
  platform: 'iOS', safeArea: { left: 0, right: 393, top: 54, bottom: 818, width: 393, height: 764 },
}

/** Alipay's error shape: a number and a message, no errMsg. */
export type MyError = { error: number; errorMessage: string }

/** What my.getPhoneNumber answers next: the phone response (verbatim string), or an error. */
export type PhoneAnswer = { response: string } | MyError

/** What the Alipay base library supports (my.canIUse); uni picks its code paths by these. */
const SUPPORTED = new Set(['component2', 'request', 'getOpenUserInfo', 'setNavigationBarTitle', 'setNavigationBarColor', 'saveImageToPhotosAlbum', 'page.getOpenerEventChannel'])

/** The `my` of one launch; `phone` is what my.getPhoneNumber answers. */
export function myApi(device: PhoneDevice, route: ApiRoute, record: HostRecord & { phoneNumberCalls: number }, phone: () => PhoneAnswer) {
  let codes = 0
  const systemInfo = () => ({ ...ALIPAY_SYSTEM_INFO, model: device.model })
  return {
    SDKVersion: '2.9.11',
    canIUse: (name: string) => SUPPORTED.has(name),
    getSystemInfoSync: systemInfo,
    getSystemInfo: (options: Callbacks<unknown, MyError>) => settle(options, { ok: true, result: systemInfo() }),
    getAuthCode(options: Callbacks<{ authCode: string; authErrorScopes: object; authSuccessScopes: string[] }, MyError> & { scopes?: string | string[] }) {
      const code = `my-auth-${Date.now().toString(36)}-${++codes}`
      record.loginCodes.push(code)
      const scopes = ([] as string[]).concat(options.scopes ?? 'auth_base')
      settle(options, { ok: true, result: { authCode: code, authErrorScopes: {}, authSuccessScopes: scopes } })
    },
    getPhoneNumber(options: Callbacks<{ response: string }, MyError>) {
      record.phoneNumberCalls += 1
      const answer = phone()
      settle(options, 'response' in answer ? { ok: true, result: answer } : { ok: false, error: answer })
    },
    // Alipay's request: `headers` in and out, `status` for the status code; `header` is not read.
    request(options: Callbacks<{ data: unknown; status: number; headers: Record<string, string> }, MyError> & {
      url: string; method?: string; headers?: Record<string, string>; data?: unknown; dataType?: string; timeout?: number
    }) {
      const task = routeRequest(record, route, { url: options.url, method: options.method, header: options.headers, data: options.data, timeout: options.timeout })
      task.result.then(({ status, header, text }) => {
        settle(options, { ok: true, result: { data: answerData(text, options.dataType), status, headers: header } })
      }, (error: Error) => settle(options, { ok: false, error: { error: 12, errorMessage: `网络出错 ${error.message}` } }))
      return { abort: task.abort }
    },
    // Alipay's storage takes { key } and answers { data }, null when missing.
    getStorageSync: ({ key }: { key: string }) => ({ data: device.storage.has(key) ? device.storage.get(key) : null }),
    setStorageSync: ({ key, data }: { key: string; data: unknown }) => void device.storage.set(key, data),
    removeStorageSync: ({ key }: { key: string }) => void device.storage.delete(key),
    setStorage(options: Callbacks<{ success: true }, MyError> & { key: string; data: unknown }) {
      device.storage.set(options.key, options.data)
      settle(options, { ok: true, result: { success: true } })
    },
    // The app listens for the network coming back (to send a logout made offline); this phone stays online.
    onNetworkStatusChange: (_listener: (result: { isConnected: boolean; networkType: string }) => void) => {},
    offNetworkStatusChange: () => {},
    getNetworkType: (options: Callbacks<{ networkAvailable: boolean; networkType: string }, MyError>) => settle(options, { ok: true, result: { networkAvailable: true, networkType: 'WIFI' } }),
    showToast(options: Callbacks<object, MyError> & { content: string; type?: string }) {
      record.toasts.push(options.content)
      settle(options, { ok: true, result: {} })
    },
    showLoading: (options: Callbacks<object, MyError>) => settle(options, { ok: true, result: {} }),
    hideLoading: (options: Callbacks<object, MyError> = {}) => settle(options, { ok: true, result: {} }),
    confirm(options: Callbacks<{ confirm: boolean }, MyError> & { content?: string }) {
      record.modals.push(options.content ?? '')
      settle(options, { ok: true, result: { confirm: record.modalAnswers.shift() ?? true } })
    },
    alert(options: Callbacks<object, MyError> & { content?: string }) {
      record.modals.push(options.content ?? '')
      settle(options, { ok: true, result: {} })
    },
    setNavigationBarTitle: (options: Callbacks<object, MyError>) => settle(options, { ok: true, result: {} }),
    setNavigationBar: (options: Callbacks<object, MyError>) => settle(options, { ok: true, result: {} }),
  }
}

/** Starts the mp-alipay app in `distDir` on `device` and opens `url` (default: its first page). */
export function launchAlipay({ distDir, route, device, phone, url }: {
  distDir: string; route: ApiRoute; device: PhoneDevice; phone: () => PhoneAnswer; url?: string
}) {
  const record = { ...newHostRecord(), phoneNumberCalls: 0 }
  const app = createHost(myModel, distDir, myApi(device, route, record, phone))
  app.launch(url)
  return { ...app, record }
}
