import type { Hono } from 'hono'
import type { Clock } from '../../../clock'
import type { Fault, MockEndpoint } from './faults'

export interface MockWechatOptions {
  appid: string
  secret: string
  /** Drives token lifetimes and code expiry; a fakeClock makes them testable without waiting. */
  clock?: Clock
  /** Added to every WeChat endpoint's answer (benchmarks). */
  latencyMs?: number
  /** Upper bound on how long a 'timeout' fault holds a request (it is released earlier by close/reset). */
  hangMs?: number
}

export interface MockWechat {
  /** The four WeChat endpoints plus `/__control/*`; mount at any base path. */
  app: Hono
  /** A wx.login code. Without openid, a new unique WeChat user; the same openid is always the same user. */
  mintLoginCode(openid?: string, opts?: { unionid?: string; appid?: string }): string
  /** A getPhoneNumber code for `13800138000`, `+8613800138000` or a bare number plus countryCode. */
  mintPhoneCode(phone: string, opts?: { appid?: string; watermarkAppid?: string; countryCode?: string }): string
  /** Requests received per endpoint (faulted ones included). */
  calls(): Record<MockEndpoint, number>
  /** The next `times` calls to `endpoint` get `fault` instead of a normal answer. */
  failNext(endpoint: MockEndpoint, fault: Fault, times?: number): void
  /**
   * The phone button's side of the free trial quota: while exhausted, the WeChat client hands the button
   * errno 1400001 instead of a code (dev mode's 模拟授权 shows that path without spending a real trial).
   */
  quota: { exhausted: boolean }
  /** Forget codes, users, tokens, counts and queued faults; release hung requests. */
  reset(): void
  /** Whether this app issued the access token (a host serving several apps routes by it). */
  issuedToken(token: string): boolean
  /** Answer every request a 'timeout' fault is holding (so a server can close). */
  releaseHung(): void
}
