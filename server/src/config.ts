import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readOrCreateDevSigningKey } from './dev/dev-signing-key'
import { parseSigningKeys, type SigningKey } from './tokens/signing-keys'
import {
  type AppConfig, AppConfigError, type AppPrices, DEFAULT_ALIPAY_GATEWAY, DEFAULT_WECHAT_API_BASE, type PlatformBases,
  readAppsFile, refuseDuplicates,
} from './platforms/app-config'

export { DEFAULT_WECHAT_API_BASE }

/** Built-in credentials of the mock WeChat in dev mode; they only ever reach the BFF's own mock. */
export const DEV_WECHAT_APPID = 'wxdec0de0000000001'
export const DEV_WECHAT_SECRET = 'dev-mock-secret-not-for-production'

/** Where dev mode serves the built-in mock WeChat (and calls it, over HTTP, as its WECHAT_API_BASE). */
export const DEV_WECHAT_API_PATH = '/__dev/wechat-api'
/** Dev mode's Douyin and Alipay apps (their keys are made at start) and where their mocks are served. */
export const DEV_DOUYIN_APPID = 'ttdevmock00000001'
export const DEV_ALIPAY_APPID = '2021000000000000'
export const DEV_DOUYIN_API_PATH = '/__dev/douyin-api'
export const DEV_ALIPAY_API_PATH = '/__dev/alipay-api'
/** Where each platform's dev app calls its mock, under the BFF's own URL (Alipay: the gateway itself). */
export const DEV_API_PATHS = {
  weixin: DEV_WECHAT_API_PATH,
  douyin: DEV_DOUYIN_API_PATH,
  alipay: `${DEV_ALIPAY_API_PATH}/gateway.do`,
} as const
const SERVER_ROOT = fileURLToPath(new URL('..', import.meta.url))
/** The issuer when AUTH_ISSUER is unset: fixed, so every instance and port agrees on it. */
export const DEFAULT_AUTH_ISSUER = 'wx-phone-login'

export interface Config {
  production: boolean
  /** No WeChat credentials outside production: the BFF talks to a mock WeChat with built-in credentials. */
  devMode: boolean
  host: string
  port: number
  /**
   * Every configured mini program (APPS_FILE, and WECHAT_APPID/WECHAT_SECRET for one WeChat app); in dev mode,
   * one dev app per platform with a built-in mock.
   */
  apps: AppConfig[]
  /**
   * The WeChat app whose links, sessions and ledger rows predate apps (migration 0005): WECHAT_APPID, or the
   * only WeChat app configured. `undefined` when that cannot be told (see README).
   */
  legacyWeixinAppid: string | undefined
  /** Per upstream call to any platform (WECHAT_TIMEOUT_MS). */
  upstreamTimeoutMs: number
  /** AUTH_SIGNING_KEYS (or dev mode's generated key): the first signs access tokens, all verify and are published. */
  signingKeys: SigningKey[]
  /** AUTH_ISSUER and AUTH_AUDIENCE: the `iss` and `aud` of every access token. */
  issuer: string
  audience: string
  accessTokenTtl: number
  refreshTokenTtl: number
  databaseUrl: string | undefined
  /** PostgreSQL: how long one statement may go unanswered before the request fails with 503. */
  databaseTimeoutMs: number
  dataDir: string
  redisUrl: string | undefined
  /** Prefix for every Redis key (REDIS_KEY_PREFIX), so several deployments can share one Redis. */
  redisKeyPrefix: string
  authRateLimit: number
  /** MAX_SESSIONS_PER_USER: starting one more session ends the account's least recently active one. */
  maxSessionsPerUser: number
  /** Exact origins, or 'localhost' for any http://localhost:* and http://127.0.0.1:* (dev). */
  corsOrigins: string[] | 'localhost'
  trustProxy: boolean
  logLevel: string
  /** Account security (contract section "Account security"). */
  security: SecurityConfig
}

export interface SecurityConfig {
  /** RECYCLED_AFTER_DAYS: a linked account without a live session this long gives up its number to a stranger. */
  recycledAfterDays: number
  /** PHONE_CHANGE_LIMIT: calls to /api/me/phone and /api/me/delete per account per hour. */
  phoneChangeLimit: number
  /** PHONE_LOGIN_LIMIT: phone-logins per phone number per hour. */
  phoneLoginLimit: number
  /** REFRESH_RATE_LIMIT: /api/auth/refresh per client address per minute (a bucket of its own). */
  refreshRateLimit: number
  /** REQUEST_DEADLINE_MS: no request takes longer end to end, upstream calls included. */
  requestDeadlineMs: number
  /** METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <it>`. */
  metricsToken: string | undefined
  /** REFRESH_REUSE_WINDOW: seconds a rotated refresh token is kept for reuse detection. */
  refreshReuseWindow: number
}

/** A configuration the BFF must refuse to start with; the message is the one line shown to the operator. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Env = Record<string, string | undefined>

/**
 * Reads the contract's environment variables. Outside production, an unset AUTH_SIGNING_KEYS is read from (or
 * generated once into) DATA_DIR, so sessions survive a restart; that is the only side effect. AUTH_SECRET
 * (HS256, before JWKS) is not read any more.
 */
export function loadConfig(env: Env = process.env): Config {
  const get = reader(env)
  const nodeEnv = get('NODE_ENV')
  if (nodeEnv !== undefined && !NODE_ENVS.includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be production, development or test (or unset), got "${nodeEnv}"; refusing to start`)
  }
  const production = nodeEnv === 'production'
  const appid = get('WECHAT_APPID')
  const secret = get('WECHAT_SECRET')
  const appsFile = get('APPS_FILE')
  const signingKeysEnv = get('AUTH_SIGNING_KEYS')
  const host = get('HOST') ?? '127.0.0.1'

  if (production) {
    // APPS_FILE stands in for the WeChat pair: a team may run only Douyin or Alipay apps.
    const missing = [['WECHAT_APPID', appsFile ?? appid], ['WECHAT_SECRET', appsFile ?? secret], ['AUTH_SIGNING_KEYS', signingKeysEnv]]
      .filter(([, value]) => value === undefined).map(([name]) => name)
    if (missing.length > 0) {
      throw new ConfigError(`NODE_ENV=production requires ${missing.join(', ')} to be set (or APPS_FILE for the apps); refusing to start`)
    }
  }
  if ((appid === undefined) !== (secret === undefined)) {
    const [set, unset] = appid === undefined ? ['WECHAT_SECRET', 'WECHAT_APPID'] : ['WECHAT_APPID', 'WECHAT_SECRET']
    throw new ConfigError(`${set} is set but ${unset} is not; set both, or neither for dev mode with the mock WeChat`)
  }
  let signingKeys: SigningKey[] | undefined
  if (signingKeysEnv !== undefined) {
    try {
      signingKeys = parseSigningKeys(signingKeysEnv, get)
    } catch (err) {
      throw new ConfigError(`${(err as Error).message} (generate one with \`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256\`)`)
    }
  }
  const credentialsSet = appid !== undefined || secret !== undefined || appsFile !== undefined
  requireSigningKeys(credentialsSet, signingKeysEnv)

  // Dev mode (the mock, the minting routes, a generated secret) only when it is unmistakably meant.
  const devMode = !credentialsSet && (nodeEnv === undefined || nodeEnv === 'development')
  if (!credentialsSet && !devMode) {
    throw new ConfigError(`NODE_ENV=${nodeEnv} without WECHAT_APPID and WECHAT_SECRET (or APPS_FILE): set them (and AUTH_SIGNING_KEYS), or use NODE_ENV=development for dev mode`)
  }
  if (devMode && !isLoopbackHost(host)) {
    throw new ConfigError(`dev mode (no WECHAT_APPID/WECHAT_SECRET) serves the mock WeChat only on a loopback HOST, got "${host}": set HOST=127.0.0.1, or set the credentials`)
  }
  const { dataDir, databaseUrl, databaseTimeoutMs } = loadDatabaseConfig(env)
  const apps = loadApps(env, { devMode, production, appid, secret, appsFile })
  const metricsToken = get('METRICS_TOKEN')
  if (production && metricsToken === undefined && !isLoopbackHost(host)) {
    throw new ConfigError(`NODE_ENV=production on HOST=${host} requires METRICS_TOKEN (business volume and cost are on /metrics); set it, or listen on a loopback HOST`)
  }
  const redisUrl = get('REDIS_URL')
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL (leave it unset to keep the token cache and rate limit in-process)')
  }
  const redisKeyPrefix = get('REDIS_KEY_PREFIX') ?? 'wxpl:'
  if (!/^[\w:.-]{1,64}$/.test(redisKeyPrefix)) {
    throw new ConfigError('REDIS_KEY_PREFIX must be 1 to 64 letters, digits, or _ : . -')
  }
  const corsEnv = get('CORS_ORIGINS')
  const corsOrigins = corsEnv !== undefined
    ? corsEnv.split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter((origin) => origin !== '')
    : production ? [] : 'localhost'
  const trustProxy = get('TRUST_PROXY')
  if (trustProxy !== undefined && trustProxy !== '1' && trustProxy !== '0') {
    throw new ConfigError('TRUST_PROXY must be 1 (take the client address from X-Forwarded-For) or 0')
  }

  if (signingKeys === undefined) {
    // Only dev mode gets here (requireSigningKeys and the production check refuse every other case).
    try {
      const { pem, file } = readOrCreateDevSigningKey(dataDir)
      signingKeys = parseSigningKeys(pem, get)
      if (signingKeys.length !== 1) throw new Error(`${file} must hold exactly one key`)
    } catch (err) {
      throw new ConfigError(`AUTH_SIGNING_KEYS is unset and the dev key in DATA_DIR is unusable: ${err instanceof Error ? err.message : String(err)}; delete it to generate a new one`)
    }
  }

  return {
    production,
    devMode,
    host,
    port: integer(get, 'PORT', 8787, 0, 65535),
    apps,
    legacyWeixinAppid: appid ?? onlyOne(apps.filter((app) => app.platform === 'weixin'))?.appid,
    upstreamTimeoutMs: integer(get, 'WECHAT_TIMEOUT_MS', 5000, 1, 120_000),
    signingKeys,
    issuer: get('AUTH_ISSUER') ?? DEFAULT_AUTH_ISSUER,
    audience: get('AUTH_AUDIENCE') ?? 'api',
    accessTokenTtl: integer(get, 'ACCESS_TOKEN_TTL', 900, 1, 86_400 * 365),
    refreshTokenTtl: integer(get, 'REFRESH_TOKEN_TTL', 2_592_000, 1, 86_400 * 3650),
    databaseUrl,
    databaseTimeoutMs,
    dataDir,
    redisUrl,
    redisKeyPrefix,
    authRateLimit: integer(get, 'AUTH_RATE_LIMIT', 60, 1, 1_000_000_000),
    maxSessionsPerUser: integer(get, 'MAX_SESSIONS_PER_USER', 10, 1, 1000),
    corsOrigins,
    trustProxy: trustProxy === '1',
    logLevel: get('LOG_LEVEL') ?? 'info',
    security: {
      recycledAfterDays: integer(get, 'RECYCLED_AFTER_DAYS', 90, 0, 36_500),
      phoneChangeLimit: integer(get, 'PHONE_CHANGE_LIMIT', 5, 1, 1_000_000_000),
      phoneLoginLimit: integer(get, 'PHONE_LOGIN_LIMIT', 10, 1, 1_000_000_000),
      refreshRateLimit: integer(get, 'REFRESH_RATE_LIMIT', 600, 1, 1_000_000_000),
      requestDeadlineMs: integer(get, 'REQUEST_DEADLINE_MS', 10_000, 100, 600_000),
      metricsToken,
      refreshReuseWindow: integer(get, 'REFRESH_REUSE_WINDOW', 86_400, 1, 86_400 * 3650),
    },
  }
}

const NODE_ENVS = ['production', 'development', 'test']

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
}

/** Production talks to the platform over TLS, or over plain HTTP only to a local egress proxy that adds it. */
function requireTls(name: string, value: string): void {
  const url = new URL(value)
  if (url.protocol === 'https:' || isLoopbackHost(url.hostname)) return
  throw new ConfigError(`NODE_ENV=production requires ${name} to be https:// (or http:// to a loopback proxy that adds TLS), got "${value}"`)
}

/** Only dev mode generates a key: a BFF with real credentials would otherwise sign with one nobody else knows. */
function requireSigningKeys(credentialsSet: boolean, signingKeys: string | undefined): void {
  if (credentialsSet && signingKeys === undefined) {
    throw new ConfigError('AUTH_SIGNING_KEYS is required whenever WECHAT_APPID/WECHAT_SECRET (or APPS_FILE) are set (e.g. `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`); refusing to start')
  }
}

/** Where the database is: what the BFF and `pnpm report` both read (no WeChat credentials needed). */
export function loadDatabaseConfig(env: Env = process.env): Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseTimeoutMs'> {
  const get = reader(env)
  const dataDirEnv = get('DATA_DIR')
  const dataDir = dataDirEnv === undefined ? resolve(SERVER_ROOT, '.data')
    : isAbsolute(dataDirEnv) ? dataDirEnv : resolve(process.cwd(), dataDirEnv)
  const databaseUrl = get('DATABASE_URL')
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL (leave it unset for the embedded database in DATA_DIR)')
  }
  return { dataDir, databaseUrl, databaseTimeoutMs: integer(get, 'DATABASE_TIMEOUT_MS', 3000, 100, 600_000) }
}

/**
 * The apps: APPS_FILE's, then WECHAT_APPID's (the single-app configuration, unchanged); in dev mode the dev
 * WeChat app, whose API is the built-in mock. Also what `pnpm report` reads for per-app prices.
 */
export function loadApps(env: Env, opts: { devMode: boolean; production?: boolean; appid?: string; secret?: string; appsFile?: string }): AppConfig[] {
  const bases = loadPlatformBases(env, opts.devMode, opts.production === true)
  const weixinPrices = loadPrices(env)
  try {
    const apps = opts.appsFile === undefined ? [] : readAppsFile(opts.appsFile, env, bases, weixinPrices)
    if (opts.appid !== undefined && opts.secret !== undefined) {
      apps.push({ platform: 'weixin', appid: opts.appid, secret: opts.secret, apiBase: bases.weixin, prices: weixinPrices })
    }
    if (opts.devMode) apps.push({ platform: 'weixin', appid: DEV_WECHAT_APPID, secret: DEV_WECHAT_SECRET, apiBase: bases.weixin, prices: weixinPrices })
    refuseDuplicates(apps)
    if (apps.length === 0) {
      throw new AppConfigError('APPS_FILE lists no app; list at least one, or unset it for dev mode with the mock WeChat')
    }
    return apps
  } catch (err) {
    if (err instanceof AppConfigError) throw new ConfigError(err.message)
    throw err
  }
}

function loadPlatformBases(env: Env, devMode: boolean, production: boolean): PlatformBases {
  const get = reader(env)
  const base = (name: string) => {
    const value = get(name)
    if (value !== undefined) requireHttpUrl(name, value)
    if (production && value !== undefined) requireTls(name, value)
    return value?.replace(/\/+$/, '')
  }
  const weixin = base('WECHAT_API_BASE')
  const douyin = base('DOUYIN_API_BASE')
  const alipay = base('ALIPAY_GATEWAY')
  return { weixin: weixin ?? (devMode ? undefined : DEFAULT_WECHAT_API_BASE), douyin, alipay: alipay ?? DEFAULT_ALIPAY_GATEWAY }
}

/** What WeChat charges per successful phone-number exchange, in fen (its price list changes; so can these). */
export function loadPrices(env: Env = process.env): AppPrices {
  const get = reader(env)
  return { quickFen: integer(get, 'PHONE_PRICE_FEN', 3, 0, 10_000), realtimeFen: integer(get, 'PHONE_REALTIME_PRICE_FEN', 4, 0, 10_000) }
}

function onlyOne<T>(items: readonly T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined
}

/** A variable's trimmed value; unset and blank are the same. */
function reader(env: Env): (name: string) => string | undefined {
  return (name) => {
    const value = env[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
}

function integer(get: (name: string) => string | undefined, name: string, fallback: number, min: number, max: number): number {
  const raw = get(name)
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function requireHttpUrl(name: string, value: string): void {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`)
}
