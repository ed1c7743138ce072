import type { AccountActions } from './accounts/account-actions'
import type { SignIn } from './accounts/sign-in'
import type { Clock } from './clock'
import type { Config } from './config'
import type { Database } from './db/database'
import type { RequestLimits } from './http/paid-call-limits'
import type { RateLimit } from './http/rate-limit'
import type { RequireSession } from './http/require-session'
import type { PhoneLedger } from './ledger/phone-ledger'
import type { Logger } from './logger'
import type { Monitoring } from './monitoring'
import type { DevMode } from './dev/dev-mode'
import type { Apps } from './platforms/apps'
import type { Sessions } from './sessions/sessions'
import type { AccessTokens } from './tokens/access-tokens'

/** Everything the HTTP app works with, built once at start-up and passed in (tests pass a fake clock, a temp database...). */
export interface AppDeps {
  config: Config
  clock: Clock
  database: Database
  /** Every configured mini program, behind the platform seam. */
  apps: Apps
  logger: Logger
  /** AUTH_RATE_LIMIT per client address, on /api/auth/* but refresh. */
  rateLimit: RateLimit
  /** Refresh's own bucket, and the per-account and per-number limits on paid calls. */
  limits: RequestLimits
  sessions: Sessions
  /** Signing in: phone, silent, refresh. */
  signIn: SignIn
  /** The signed-in account's own actions: me, number, sessions, deletion. */
  account: AccountActions
  ledger: PhoneLedger
  accessTokens: AccessTokens
  /** Middleware: a valid access token of a live session, or 401 (sets `accessClaims` and `user`). */
  requireSession: RequireSession
  /** /healthz and /metrics. */
  monitoring: Monitoring
  /** Dev mode: the built-in mocks (WeChat's under /__dev/wechat-api) and the /__dev/<platform>/* routes minting their codes. */
  dev?: DevMode
}
