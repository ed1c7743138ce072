/**
 * The parts of WeChat's `wx` that the test provides to the compiled mini program: `request` over
 * real HTTP to the real BFF, `login` with a code minted by the BFF's mock WeChat for this device's
 * WeChat user, storage that outlives an app launch (as on a phone), and toasts recorded so a test
 * can read what the user was told. Navigation belongs to the page stack (miniProgram.ts).
 */
import { mintLoginCode } from './bffCalls'
import type { ApiRoute, Callbacks, RecordedRequest } from './hostApi'
import { routeRequest, settle } from './hostApi'

export type { ApiRoute, RecordedRequest } from './hostApi'

/** What survives an app restart on one phone: its storage, and who is signed in to WeChat. */
export interface Device {
  storage: Map<string, unknown>
  openid: string
  /** What wx.getSystemInfoSync() says this phone is (default: simulate's own answer). */
  model?: string
  brand?: string
  /** "iOS 17.4", "HarmonyOS 5.0.0" */
  system?: string
  platform?: string
  /** The phone's network: offline, every wx.request fails before it leaves (default: online). */
  network?: Network
}

export interface Network {
  online: boolean
  /** What the app registered with wx.onNetworkStatusChange. */
  listeners: ((status: { isConnected: boolean; networkType: string }) => void)[]
}

/** Switches the phone's network, telling the app as WeChat does. */
export function setOnline(device: Device, online: boolean): void {
  device.network ??= { online: true, listeners: [] }
  device.network.online = online
  for (const listener of device.network.listeners) listener({ isConnected: online, networkType: online ? 'wifi' : 'none' })
}

/** What the app did through `wx`, for assertions. */
export interface WxRecord {
  requests: RecordedRequest[]
  /** How many times the app called wx.login. */
  logins: number
  toasts: string[]
  /** The content of each modal shown. */
  modals: string[]
  /** How the user answers the next modals, in order (true: the confirm button); when empty, confirm. */
  modalAnswers: boolean[]
  titles: string[]
}

interface RequestOptions extends Callbacks<{ data: string; statusCode: number; header: Record<string, string>; cookies: string[]; errMsg: string }> {
  url: string
  method?: string
  header?: Record<string, string>
  data?: unknown
  timeout?: number
}

function request(record: WxRecord, route: ApiRoute, options: RequestOptions): { abort(): void } {
  const task = routeRequest(record, route, options)
  task.result.then(({ status, header, text }) => {
    // dataType "text" (what the client asks for): the body as a string.
    settle(options, { ok: true, result: { data: text, statusCode: status, header, cookies: [], errMsg: 'request:ok' } })
  }, (error: Error) => settle(options, { ok: false, error: { errMsg: `request:fail ${error.message}` } }))
  return { abort: task.abort }
}

/** miniprogram-simulate's own wx.getSystemInfoSync() answer, read before the first launch replaces it. */
let simulatedSystemInfo: Record<string, unknown> | undefined

/** Replaces these members of the global `wx` (miniprogram-simulate's) for one app launch. */
export function wxApis(bffUrl: string, route: ApiRoute, device: Device, record: WxRecord) {
  const wx = (globalThis as unknown as { wx: { getSystemInfoSync(): Record<string, unknown> } }).wx
  simulatedSystemInfo ??= wx.getSystemInfoSync()
  const own = Object.fromEntries((['model', 'brand', 'system', 'platform'] as const).flatMap((key) => (device[key] ? [[key, device[key]]] : [])))
  const systemInfo = { ...simulatedSystemInfo, ...own }
  // A new launch: the closed app's listeners go with it.
  const network: Network = { online: device.network?.online ?? true, listeners: [] }
  device.network = network
  return {
    getSystemInfoSync: () => ({ ...systemInfo }),
    request(options: RequestOptions) {
      if (network.online) return request(record, route, options)
      record.requests.push({ method: (options.method ?? 'GET').toUpperCase(), path: new URL(options.url).pathname, status: null })
      settle(options, { ok: false, error: { errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' } })
      return { abort() {} }
    },
    onNetworkStatusChange(listener: Network['listeners'][number]) {
      network.listeners.push(listener)
    },
    login(options: Callbacks<{ code: string; errMsg: string }>) {
      record.logins += 1
      mintLoginCode(bffUrl, device.openid).then(
        (code) => settle(options, { ok: true, result: { code, errMsg: 'login:ok' } }),
        (error: Error) => settle(options, { ok: false, error: { errMsg: `login:fail ${error.message}` } }),
      )
    },
    // WeChat returns '' for a missing key.
    getStorageSync: (key: string) => (device.storage.has(key) ? device.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void device.storage.set(key, value),
    removeStorageSync: (key: string) => void device.storage.delete(key),
    showToast(options: Callbacks<{ errMsg: string }> & { title: string }) {
      record.toasts.push(options.title)
      settle(options, { ok: true, result: { errMsg: 'showToast:ok' } })
    },
    setNavigationBarTitle(options: Callbacks<{ errMsg: string }> & { title: string }) {
      record.titles.push(options.title)
      settle(options, { ok: true, result: { errMsg: 'setNavigationBarTitle:ok' } })
    },
    showModal(options: Callbacks<{ confirm: boolean; cancel: boolean; errMsg: string }> & { content?: string }) {
      record.modals.push(options.content ?? '')
      const confirm = record.modalAnswers.shift() ?? true
      settle(options, { ok: true, result: { confirm, cancel: !confirm, errMsg: 'showModal:ok' } })
    },
  }
}
