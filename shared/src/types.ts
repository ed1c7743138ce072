/** The mini-program platforms a BFF serves. */
export type PlatformName = 'weixin' | 'douyin' | 'alipay'

/** One of the account's identities: a user of one app (the user id on that app itself is never shown). */
export interface Identity {
  platform: PlatformName
  /** The appid. */
  app: string
}

/** An account as the API shows it. The full number, openid and session_key never appear here. */
export interface User {
  id: string
  /** Masked: 138****8000 */
  phone: string
  countryCode: string
  nickname: string
  avatarUrl: string
  /** True when a weixin identity is linked. */
  wechatLinked: boolean
  /** ISO 8601 */
  createdAt: string
  /** The apps whose users are linked to this account. */
  identities: Identity[]
}

export interface Session {
  accessToken: string
  refreshToken: string
  /** Seconds until the access token expires. */
  expiresIn: number
  user: User
}

/** `silent-login` / `wx-login` for a user who has no account yet. */
export interface NotRegistered {
  registered: false
}

export type WxLoginResponse = Session | NotRegistered
export type SilentLoginResponse = WxLoginResponse

export interface HealthResponse {
  ok: true
}

export interface DevCodeResponse {
  code: string
}

/** `/__dev/wechat/phone-code` answers like the WeChat client's button: a code, or (quota used up) an errno. */
export type DevPhoneCodeResponse = DevCodeResponse | { errno: number; errMsg: string }

export interface DevQuotaResponse {
  exhausted: boolean
}

/** One sign-in on one device, from its login through every refresh. "" where the client did not say. */
export interface SessionInfo {
  id: string
  /** The session of the access token presented. */
  current: boolean
  device: { platform: string; model: string; appVersion: string }
  /** The platform and app (appid) the session was signed in on. */
  platform: PlatformName
  app: string
  /** ISO 8601 */
  createdAt: string
  /** ISO 8601 */
  lastActiveAt: string
}

export interface SessionsResponse {
  sessions: SessionInfo[]
}

export function isSession(value: WxLoginResponse): value is Session {
  return 'accessToken' in value
}
