/**
 * Every environment variable the BFF reads (server/src/config.ts; a server test keeps the two in step): the
 * contract's, plus the BFF's own tuning. Test and benchmark harnesses strip exactly these from the
 * developer's shell before they spawn a BFF with a configuration of their own.
 */
export const BFF_ENV_VARS = [
  // the contract's
  'NODE_ENV',
  'PORT',
  'HOST',
  'WECHAT_APPID',
  'WECHAT_SECRET',
  'WECHAT_API_BASE',
  'AUTH_SIGNING_KEYS',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'APPS_FILE',
  'DOUYIN_API_BASE',
  'ALIPAY_GATEWAY',
  'ACCESS_TOKEN_TTL',
  'REFRESH_TOKEN_TTL',
  'DATABASE_URL',
  'DATA_DIR',
  'REDIS_URL',
  'AUTH_RATE_LIMIT',
  'CORS_ORIGINS',
  'TRUST_PROXY',
  'MAX_SESSIONS_PER_USER',
  'PHONE_PRICE_FEN',
  'PHONE_REALTIME_PRICE_FEN',
  'RECYCLED_AFTER_DAYS',
  'PHONE_CHANGE_LIMIT',
  'PHONE_LOGIN_LIMIT',
  'REFRESH_RATE_LIMIT',
  'REQUEST_DEADLINE_MS',
  'METRICS_TOKEN',
  'REFRESH_REUSE_WINDOW',
  // the BFF's own
  'WECHAT_TIMEOUT_MS',
  'DATABASE_TIMEOUT_MS',
  'REDIS_KEY_PREFIX',
  'LOG_LEVEL',
] as const

export type BffEnvVar = (typeof BFF_ENV_VARS)[number]

const BFF_ENV_VAR_SET: ReadonlySet<string> = new Set(BFF_ENV_VARS)

/** Whether `name` is one of the BFF's variables. */
export function isBffEnvVar(name: string): boolean {
  return BFF_ENV_VAR_SET.has(name)
}
