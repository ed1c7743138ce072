import type { CallContext, PhoneInfo } from '../platform'

export type { CallContext, PhoneInfo }

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


export interface WechatIdentity {
  openid: string
  unionid?: string
}


export type UpstreamEndpoint = 'stable_token' | 'jscode2session' | 'getuserphonenumber'
export type UpstreamOutcome = 'ok' | 'rejected' | 'token_expired' | 'unavailable' | 'misconfigured'
export type UpstreamStats = Record<UpstreamEndpoint, Partial<Record<UpstreamOutcome, number>>>
