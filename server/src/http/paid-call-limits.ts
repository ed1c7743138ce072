import { createHash } from 'node:crypto'
import type { SecurityConfig } from '../config'
import type { Logger } from '../logger'
import { enforceLimit, type RateLimit } from './rate-limit'

/** Makes one budget: `points` per key per `durationSeconds`, in-process or shared through Redis. */
export type LimitFactory = (name: string, points: number, durationSeconds: number) => RateLimit

/** The budgets besides the per-address auth one (contract: "Limits on paid calls"). */
export interface RequestLimits {
  /** REFRESH_RATE_LIMIT per client address per minute: refresh does not share the login bucket. */
  refresh: RateLimit
  /** PHONE_CHANGE_LIMIT per account per hour: /api/me/phone and /api/me/delete, before any paid call. */
  phoneChange: RateLimit
  /** PHONE_LOGIN_LIMIT per phone number per hour: phone-logins, once the exchange has revealed the number. */
  phoneLogin: RateLimit
}

const HOUR = 3600

export function buildRequestLimits(security: SecurityConfig, make: LimitFactory): RequestLimits {
  return {
    refresh: make('refresh', security.refreshRateLimit, 60),
    phoneChange: make('phone-change', security.phoneChangeLimit, HOUR),
    phoneLogin: make('phone-login', security.phoneLoginLimit, HOUR),
  }
}

export type PaidCallLimits = ReturnType<typeof createPaidCallLimits>

/** The two per-account and per-number checks, as the login service calls them. */
export function createPaidCallLimits(limits: RequestLimits, logger: Logger) {
  return {
    /** Before anything paid on /api/me/phone or /api/me/delete. */
    account: (userId: string, reqId: string) =>
      enforceLimit(limits.phoneChange, userId, 'Too many number changes or deletions for this account this hour.', logger, reqId),
    /**
     * After the exchange revealed the number, before any session starts. The key is a hash: the number
     * itself is never stored in the limiter (Redis) or its logs.
     */
    number: (phoneKey: string, reqId: string) =>
      enforceLimit(limits.phoneLogin, hashKey(phoneKey), 'Too many sign-ins with this phone number this hour.', logger, reqId),
  }
}

function hashKey(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22)
}
