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

export function isSession(value: WxLoginResponse): value is Session {
  return 'accessToken' in value
}
