import { readFileSync } from 'node:fs'
import type { PlatformName } from './platform'

/** What one phone-number exchange costs on this app, in fen (only `ok` exchanges are priced). */
export interface AppPrices {
  quickFen: number
  realtimeFen: number
}

interface AppBase {
  appid: string
  prices: AppPrices
}

export interface WeixinAppConfig extends AppBase {
  platform: 'weixin'
  secret: string
  /** WECHAT_API_BASE; `undefined`: dev mode, the BFF serves the mock itself and calls it once listening. */
  apiBase: string | undefined
}

export interface DouyinAppConfig extends AppBase {
  platform: 'douyin'
  secret: string
  /** PEM; its public half is the 应用公钥 set in Douyin's console (phone data is encrypted to it). */
  privateKey: string
  /** DOUYIN_API_BASE: replaces the scheme and host of every Douyin endpoint; `undefined`: Douyin's own hosts. */
  apiBase: string | undefined
}

export interface AlipayAppConfig extends AppBase {
  platform: 'alipay'
  /** The app's private key, RSA2, PEM. */
  privateKey: string
  /** PEM. */
  alipayPublicKey: string
  /** base64 (接口内容加密). */
  aesKey: string
  /** ALIPAY_GATEWAY. */
  gateway: string
}

export type AppConfig = WeixinAppConfig | DouyinAppConfig | AlipayAppConfig

export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com'
export const DEFAULT_ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do'

/** Where each platform's API is (the environment's bases, already checked as URLs). */
export interface PlatformBases {
  weixin: string | undefined
  douyin: string | undefined
  alipay: string
}

/** The fields each platform's App needs in APPS_FILE, besides "platform" and "appid". */
const REQUIRED_FIELDS: Record<PlatformName, readonly string[]> = {
  weixin: ['secret'],
  douyin: ['secret', 'privateKey'],
  alipay: ['privateKey', 'alipayPublicKey', 'aesKey'],
}
const PRICE_FIELDS = ['phonePriceFen', 'realtimePriceFen'] as const
const APPID = /^[\w.-]{1,64}$/

/** Thrown with the one line the operator sees; config.ts turns it into its ConfigError. */
export class AppConfigError extends Error {}

type Env = Record<string, string | undefined>

/**
 * The apps of APPS_FILE (`{ "apps": [App, …] }`), each string value written `"$NAME"` read from the environment
 * variable NAME. Every fault names the file, the app and the field, in one line.
 */
export function readAppsFile(path: string, env: Env, bases: PlatformBases, weixinPrices: AppPrices): AppConfig[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new AppConfigError(`APPS_FILE ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new AppConfigError(`APPS_FILE ${path} is not JSON; it must be { "apps": [ { "platform": …, "appid": … }, … ] }`)
  }
  const apps = (parsed as { apps?: unknown } | null)?.apps
  if (!Array.isArray(apps)) throw new AppConfigError(`APPS_FILE ${path} must be { "apps": [ … ] }`)
  return apps.map((raw, index) => parseApp(raw, `APPS_FILE app #${index + 1}`, env, bases, weixinPrices))
}

function parseApp(raw: unknown, where: string, env: Env, bases: PlatformBases, weixinPrices: AppPrices): AppConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AppConfigError(`${where} must be an object`)
  const fields = raw as Record<string, unknown>
  const platform = fields.platform
  if (platform !== 'weixin' && platform !== 'douyin' && platform !== 'alipay') {
    throw new AppConfigError(`${where}: "platform" must be "weixin", "douyin" or "alipay"`)
  }
  const appid = stringField(fields, 'appid', where, env)
  if (!APPID.test(appid)) throw new AppConfigError(`${where}: "appid" must be 1 to 64 letters, digits, _ . or -`)
  const app = `${where} (${platform} ${appid})`
  const known = new Set(['platform', 'appid', ...REQUIRED_FIELDS[platform], ...PRICE_FIELDS])
  for (const name of Object.keys(fields)) {
    if (!known.has(name)) throw new AppConfigError(`${app}: unknown field "${name}" (a ${platform} app has ${[...known].join(', ')})`)
  }
  const value = (name: string) => stringField(fields, name, app, env)
  const defaults = platform === 'weixin' ? weixinPrices : { quickFen: 0, realtimeFen: 0 }
  const prices = {
    quickFen: priceField(fields, 'phonePriceFen', app, defaults.quickFen),
    realtimeFen: priceField(fields, 'realtimePriceFen', app, defaults.realtimeFen),
  }
  switch (platform) {
    case 'weixin':
      return { platform, appid, prices, secret: value('secret'), apiBase: bases.weixin }
    case 'douyin':
      return { platform, appid, prices, secret: value('secret'), privateKey: pem(value('privateKey'), 'privateKey', app), apiBase: bases.douyin }
    case 'alipay':
      return {
        platform, appid, prices,
        privateKey: pem(value('privateKey'), 'privateKey', app),
        alipayPublicKey: pem(value('alipayPublicKey'), 'alipayPublicKey', app),
        aesKey: base64(value('aesKey'), 'aesKey', app),
        gateway: bases.alipay,
      }
  }
}

/** A non-empty string, `"$NAME"` read from the environment. */
function stringField(fields: Record<string, unknown>, name: string, app: string, env: Env): string {
  const raw = fields[name]
  if (raw === undefined) throw new AppConfigError(`${app}: "${name}" is missing`)
  if (typeof raw !== 'string') throw new AppConfigError(`${app}: "${name}" must be a string`)
  const reference = /^\$([A-Za-z_]\w*)$/.exec(raw)
  const value = reference ? env[reference[1]!]?.trim() : raw.trim()
  if (value === undefined || value === '') {
    throw new AppConfigError(reference ? `${app}: "${name}" reads $${reference[1]}, which is unset` : `${app}: "${name}" is empty`)
  }
  return value
}

function priceField(fields: Record<string, unknown>, name: string, app: string, fallback: number): number {
  const raw = fields[name]
  if (raw === undefined) return fallback
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 10_000) {
    throw new AppConfigError(`${app}: "${name}" must be a whole number of fen from 0 to 10000`)
  }
  return raw
}

function pem(value: string, name: string, app: string): string {
  // An environment variable often carries a PEM with its newlines written as \n.
  const text = value.includes('\\n') ? value.replace(/\\n/g, '\n') : value
  if (!/-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----/.test(text)) {
    throw new AppConfigError(`${app}: "${name}" must be a PEM key (-----BEGIN … KEY----- … -----END … KEY-----)`)
  }
  return text
}

function base64(value: string, name: string, app: string): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || Buffer.from(value, 'base64').length === 0) {
    throw new AppConfigError(`${app}: "${name}" must be base64`)
  }
  return value
}

/** An appid listed twice (in the file, or in the file and WECHAT_APPID) is a start-up error. */
export function refuseDuplicates(apps: readonly AppConfig[]): void {
  const seen = new Set<string>()
  for (const app of apps) {
    if (seen.has(app.appid)) throw new AppConfigError(`appid ${app.appid} is configured twice (APPS_FILE and WECHAT_APPID, or twice in APPS_FILE); list each app once`)
    seen.add(app.appid)
  }
}
