import type { Device } from 'shared'

/** The contract's limit per device field; longer values would make the whole login a VALIDATION_FAILED. */
export const DEVICE_FIELD_MAX = 64

/** Cuts to `max` UTF-16 units (the BFF counts the same way) without leaving half a surrogate pair. */
export function truncate(value: string, max = DEVICE_FIELD_MAX): string {
  if (value.length <= max) return value
  const cut = value.slice(0, max)
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut
}

// The BFF refuses a login whose device holds a control character (U+0000–U+001F, U+007F); C1 too, for the screen.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]+/g

/** One clean line: control characters become spaces, runs of space one, ends trimmed, at most 64 units. */
export function cleanField(value: unknown): string {
  if (typeof value !== 'string') return ''
  return truncate(value.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim())
}

/** The fields of `uni.getSystemInfoSync()` / `uni.getDeviceInfo()` that name a device to its owner. */
export interface SystemInfoLike {
  /** "ios", "android", "ohos", "devtools", "mac", "windows"… */
  platform?: unknown
  /** The system with its version: "iOS 17.4", "Android 14", "HarmonyOS 5.0.0", "macos 10.15.7". */
  system?: unknown
  /** "Apple", "HUAWEI", "Xiaomi"… */
  brand?: unknown
  /** "iPhone 15 Pro<iPhone16,1>", "Mate 60", "PC"… */
  model?: unknown
  /** H5 only: "chrome", "safari"… */
  browserName?: unknown
  /** "web" on H5, "mp-weixin"… */
  uniPlatform?: unknown
  /** The manifest's versionName. */
  appVersion?: unknown
}

const OS_NAMES: Record<string, string> = {
  ios: 'iOS',
  ipados: 'iPadOS',
  android: 'Android',
  harmonyos: 'HarmonyOS',
  openharmony: 'HarmonyOS',
  ohos: 'HarmonyOS',
  harmony: 'HarmonyOS',
  macos: 'macOS',
  mac: 'macOS',
  windows: 'Windows',
  linux: 'Linux',
  devtools: '微信开发者工具',
}

const BRANDS: Record<string, string> = {
  huawei: '华为',
  honor: '荣耀',
  xiaomi: '小米',
  redmi: 'Redmi',
  oppo: 'OPPO',
  vivo: 'vivo',
  iqoo: 'iQOO',
  oneplus: '一加',
  realme: '真我',
  meizu: '魅族',
  samsung: '三星',
  lenovo: '联想',
  zte: '中兴',
  nubia: '努比亚',
}

const BROWSERS: Record<string, string> = {
  chrome: 'Chrome',
  safari: 'Safari',
  firefox: 'Firefox',
  edge: 'Edge',
  ie: 'IE',
}

// Models that say nothing an owner would recognise (uni-h5's answer on a desktop or for a bare UA).
const GENERIC_MODELS = new Set(['pc', 'iphone', 'ipad', 'unknown', ''])

/** "ios 17.4" → "iOS 17.4"; a version of "0" (uni-h5's "unknown") is dropped, as are frozen desktop ones on H5. */
export function systemLabel(info: SystemInfoLike, web: boolean): string {
  const platform = cleanField(info.platform).toLowerCase()
  if (platform === 'devtools') return '微信开发者工具'
  const system = cleanField(info.system)
  // Alipay's system is the version alone ("17.4", with platform "iOS"); WeChat's and Douyin's name it ("iOS 17.4").
  const [name = '', ...rest] = /^\d/.test(system) ? ['', system] : system.split(' ')
  const known = OS_NAMES[name.toLowerCase()] ?? OS_NAMES[platform]
  if (!known) return cleanField(info.system) || platform
  let version = rest.join(' ')
  // Browsers freeze the desktop version in their user agent (macOS 10.15.7, Windows 10): it would mislead.
  if (version === '0' || (web && ['macOS', 'Windows', 'Linux'].includes(known))) version = ''
  return version ? `${known} ${version}` : known
}

/** "HUAWEI" + "HUAWEI Mate 60" → "华为 Mate 60"; "Apple" + "iPhone 15 Pro<iPhone16,1>" → "iPhone 15 Pro". */
export function modelLabel(info: SystemInfoLike): string {
  // WeChat appends the hardware id in angle brackets: people know the marketing name.
  let model = cleanField(info.model).replace(/\s*<[^>]*>$/, '')
  const brand = cleanField(info.brand)
  const brandKey = brand.toLowerCase()
  if (brand && model.toLowerCase().startsWith(`${brandKey} `)) model = model.slice(brand.length + 1)
  const brandName = BRANDS[brandKey]
  if (!brandName) return model
  if (model.startsWith(brandName)) return model
  return model ? `${brandName} ${model}` : brandName
}

/** What a session records about this device: the name people say (model, or the browser on H5) and its system. */
export function deviceFrom(info: SystemInfoLike): Required<Device> {
  const web = info.uniPlatform === 'web' || (typeof info.browserName === 'string' && info.browserName !== '')
  let model = modelLabel(info)
  if (web) {
    const browserKey = cleanField(info.browserName).toLowerCase()
    const browser = BROWSERS[browserKey] ?? cleanField(info.browserName)
    if (browser) model = browser
    else if (GENERIC_MODELS.has(model.toLowerCase())) model = ''
  }
  return { platform: truncate(systemLabel(info, web)), model: truncate(model), appVersion: cleanField(info.appVersion) }
}

/** This device, sent with every login so 登录设备 can name it. Never fails a login. */
export function currentDevice(): Device {
  try {
    const info: SystemInfoLike = { ...uni.getSystemInfoSync() }
    // Where getSystemInfoSync no longer names the model (it is deprecated on newer base libraries), getDeviceInfo does.
    if (!info.model && typeof uni.getDeviceInfo === 'function') {
      const { brand, model } = uni.getDeviceInfo() as SystemInfoLike
      Object.assign(info, { brand, model })
    }
    return deviceFrom(info)
  } catch (error) {
    console.warn('[device] getSystemInfoSync failed', error)
    return {}
  }
}
