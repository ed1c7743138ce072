/** An account as the API shows it. The full number, openid and session_key never appear here. */
export interface User {
  id: string
  /** Masked: 138****8000 */
  phone: string
  countryCode: string
  nickname: string
  avatarUrl: string
  wechatLinked: boolean
  /** ISO 8601 */
  createdAt: string
}

export interface Session {
  accessToken: string
  refreshToken: string
  /** Seconds until the access token expires. */
  expiresIn: number
  user: User
}

/** `wx-login` for a WeChat user who has no account yet. */
export interface NotRegistered {
  registered: false
}

export type WxLoginResponse = Session | NotRegistered

export interface HealthResponse {
  ok: true
}

export interface DevCodeResponse {
  code: string
}

/** `POST /__dev/wechat/phone-code` while the quota is exhausted: what WeChat hands the button instead of a code. */
export interface DevPhoneCodeFailure {
  errno: number
  errMsg: string
}

export type DevPhoneCodeResponse = DevCodeResponse | DevPhoneCodeFailure

export interface DevQuotaResponse {
  exhausted: boolean
}

/** One sign-in on one device, as 登录设备 lists it. */
export interface SessionInfo {
  id: string
  /** The session of the access token presented. */
  current: boolean
  /** "" when unknown. */
  device: { platform: string; model: string; appVersion: string }
  /** ISO 8601 */
  createdAt: string
  /** ISO 8601 */
  lastActiveAt: string
}

export interface SessionsResponse {
  /** Most recently active first. */
  sessions: SessionInfo[]
}

export function isSession(value: WxLoginResponse): value is Session {
  return 'accessToken' in value
}
