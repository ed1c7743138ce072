/**
 * The platform seam: what the rest of the BFF needs from a mini-program platform (WeChat, Douyin, Alipay).
 * One folder per platform under platforms/ implements it: its HTTP client, its error map and its mock beside
 * it (the mock is imported only by dev mode). Accounts, sessions and routes see nothing platform-specific.
 */

import type { Clock } from '../clock'
import type { Logger } from '../logger'
import type { TokenStore } from './token-store'

export type PlatformName = 'weixin' | 'douyin' | 'alipay'

export const PLATFORMS: readonly PlatformName[] = ['weixin', 'douyin', 'alipay']

/** The request a platform call is made for. */
export interface CallContext {
  /** Goes on the call's log lines. */
  reqId?: string
  /**
   * When the whole request must have answered (ms since the epoch, by the injected clock): every upstream
   * call's timeout is cut to what is left (REQUEST_DEADLINE_MS).
   */
  deadline?: number
}

/** Who a login code belongs to on one app. */
export interface PlatformIdentity {
  /** openid (weixin, douyin); open_id, or user_id where the app has none (alipay). */
  userId: string
  /** Same person across the platform's apps bound to one owner (weixin: Open Platform; douyin: its own). */
  unionid?: string
}

export interface PhoneInfo {
  /** With the country code for non-Chinese numbers. */
  phoneNumber: string
  /** Without the country code: digits only (checked by the platform module: ^\d{4,20}$). */
  purePhoneNumber: string
  /** Digits only (^\d{1,4}$). */
  countryCode: string
}

/** What the client sends to prove a number: a one-time code (weixin, douyin) or Alipay's signed response. */
export type PhoneProof =
  | { kind: 'code'; code: string; realtime?: boolean }
  | { kind: 'response'; response: string }

export type UpstreamOutcome = 'ok' | 'rejected' | 'token_expired' | 'unavailable' | 'misconfigured'
/** Upstream calls by endpoint (the platform's own names) and outcome, for /metrics. */
export type UpstreamStats = Record<string, Partial<Record<UpstreamOutcome, number>>>

/**
 * One configured app on one platform. Implementations throw ApiError with the contract's codes:
 * LOGIN_CODE_INVALID, LOGIN_BLOCKED, PHONE_CODE_INVALID, and for trouble upstream WECHAT_UNAVAILABLE /
 * WECHAT_MISCONFIGURED (weixin) or PLATFORM_UNAVAILABLE / PLATFORM_MISCONFIGURED (douyin, alipay).
 * A code is sent upstream at most once; nothing is retried after the platform may have consumed it.
 */
export interface PlatformApp {
  readonly platform: PlatformName
  readonly appid: string
  /** Login code (uni.login's) → the user on this app. Free: never a paid call. */
  identify(loginCode: string, ctx: CallContext): Promise<PlatformIdentity>
  /** Phone proof → number. The paid exchange on platforms that bill it; the caller records it in the ledger. */
  phoneNumber(proof: PhoneProof, ctx: CallContext): Promise<PhoneInfo>
  stats(): UpstreamStats
}

/**
 * What every platform's factory (`createWeixinApp(config, deps)`, `createDouyinApp`, `createAlipayApp`) is
 * handed besides its app's configuration; built once in server.ts.
 */
export interface PlatformDeps {
  clock: Clock
  logger: Logger
  /** Per upstream call (WECHAT_TIMEOUT_MS), cut further by a request's deadline. */
  timeoutMs: number
  /** This app's own access-token store and refresh lock (in-process, or shared through Redis). */
  tokenStore: TokenStore
  /** Dev mode: where the BFF serves this platform's mock, for an app with no API base of its own. */
  devApiBase?: string
}
