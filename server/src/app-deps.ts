import type { Login } from './accounts/login'
import type { Clock } from './clock'
import type { Config } from './config'
import type { Database } from './db/database'
import type { RequestLimits } from './http/paid-call-limits'
import type { RateLimit } from './http/rate-limit'
import type { RequireSession } from './http/require-session'
import type { PhoneLedger } from './ledger/phone-ledger'
import type { Logger } from './logger'
import type { Monitoring } from './monitoring'
import type { DevMode } from './dev-mode'
import type { Sessions } from './sessions/sessions'
import type { AccessTokens } from './tokens/access-tokens'
import type { WechatClient } from './wechat/types'

/** Everything the HTTP app works with, built once at start-up and passed in (tests pass a fake clock, a temp database...). */
export interface AppDeps {
  config: Config
  clock: Clock
  database: Database
  wechat: WechatClient
  logger: Logger
  /** AUTH_RATE_LIMIT per client address, on /api/auth/* but refresh. */
  rateLimit: RateLimit
  /** Refresh's own bucket, and the per-account and per-number limits on paid calls. */
  limits: RequestLimits
  sessions: Sessions
  login: Login
  ledger: PhoneLedger
  accessTokens: AccessTokens
  /** Middleware: a valid access token of a live session, or 401 (sets `accessClaims` and `user`). */
  requireSession: RequireSession
  /** /healthz and /metrics. */
  monitoring: Monitoring
  /** Dev mode: the built-in mock WeChat, served under /__dev/wechat-api; /__dev/wechat/* mint its codes. */
  dev?: DevMode
}
