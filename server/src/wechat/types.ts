/**
 * What the rest of the BFF needs from WeChat. Implementations throw ApiError with the contract's codes:
 * LOGIN_CODE_INVALID, PHONE_CODE_INVALID, LOGIN_BLOCKED, WECHAT_UNAVAILABLE, WECHAT_MISCONFIGURED.
 * Each code is sent upstream at most once.
 */
export interface WechatClient {
  /** GET /sns/jscode2session. session_key is dropped here and never leaves this module. */
  code2Session(loginCode: string, ctx?: CallContext): Promise<WechatIdentity>
  /** POST /wxa/business/getuserphonenumber with the cached access token; refuses a foreign watermark.appid. */
  getPhoneNumber(phoneCode: string, ctx?: CallContext): Promise<PhoneInfo>
  /** Upstream calls by endpoint and outcome, for /metrics, logs and benchmarks. */
  stats(): UpstreamStats
}

/** The request a call is made for (the same shape as platforms/platform.ts's CallContext). */
export interface CallContext {
  /** Goes on the call's log lines. */
  reqId?: string
  /**
   * When the whole request must have answered (ms since the epoch, by the injected clock): every upstream
   * call's timeout is cut to what is left (REQUEST_DEADLINE_MS).
   */
  deadline?: number
}

export interface WechatIdentity {
  openid: string
  unionid?: string
}

export interface PhoneInfo {
  /** With the country code for non-Chinese numbers. */
  phoneNumber: string
  /** Without the country code. */
  purePhoneNumber: string
  countryCode: string
}

export type UpstreamEndpoint = 'stable_token' | 'jscode2session' | 'getuserphonenumber'
export type UpstreamOutcome = 'ok' | 'rejected' | 'token_expired' | 'unavailable' | 'misconfigured'
export type UpstreamStats = Record<UpstreamEndpoint, Partial<Record<UpstreamOutcome, number>>>

/**
 * An access token as cached: the value and when to stop using it (ms since the epoch, by the client's clock;
 * already shortened by the refresh margin).
 */
export interface CachedToken {
  value: string
  expiresAt: number
}

/** A held refresh lock; release it when the fetch is done (a crashed holder's lease runs out on its own). */
export interface TokenLock {
  release(): Promise<void>
}

/**
 * Where one app's access token lives. In-process now (memory-token-store.ts); a Redis implementation (shared by
 * several BFF instances) implements the same five operations: GET, SET with PX/PXAT, compare-and-delete,
 * SET NX PX for the lock and a compare-and-delete to release it.
 */
export interface TokenStore {
  /** The cached token, or undefined when there is none or it has expired. */
  get(): Promise<CachedToken | undefined>
  set(token: CachedToken): Promise<void>
  /** Drops the cached token only if it is still `value` (another caller may already have replaced it). */
  deleteIfEquals(value: string): Promise<boolean>
  /** The refresh lock, or undefined if someone else holds it. Held at most `leaseMs`. */
  tryLock(leaseMs: number): Promise<TokenLock | undefined>
}
