import type { LogoutBody, PhoneLoginBody, RefreshBody, Session, WxLoginBody, WxLoginResponse } from 'shared'
import { ROUTES } from 'shared'
import type { MiniProgramPlatform } from '@/platform/platform'
import type { Http } from './http'

/**
 * The route of a silent login: `silent-login` (contract "Apps and platforms"), or on WeChat its alias
 * `wx-login`, which WeChat builds keep (same behaviour; older BFFs have only that one).
 */
export const silentLoginRoute = (platform: MiniProgramPlatform): string => (platform === 'weixin' ? ROUTES.wxLogin : ROUTES.silentLogin)

/** Which app asks (an appid); without it the BFF takes its one WeChat app. */
export interface AppField { app?: string }

/** What proves the number: a phone code (WeChat, Douyin) or Alipay's `my.getPhoneNumber` response, verbatim. */
export type PhoneProof = { phoneCode: string } | { phoneResponse: string }

// shared's body schemas gain `app` and `phoneResponse` with the BFF's apps work; until then the client adds them here.
export type AppPhoneLoginBody = Omit<PhoneLoginBody, 'phoneCode'> & AppField & PhoneProof
export type SilentLoginBody = WxLoginBody & AppField

/** `/api/auth/*`: sign in with a phone proof or a login code, rotate and revoke refresh tokens. */
export function createAuthApi(http: Http, platform: MiniProgramPlatform = 'weixin') {
  return {
    phoneLogin: (body: AppPhoneLoginBody) => http.request<Session>(ROUTES.phoneLogin, { method: 'POST', body }),
    silentLogin: (body: SilentLoginBody) => http.request<WxLoginResponse>(silentLoginRoute(platform), { method: 'POST', body }),
    refresh: (body: RefreshBody) => http.request<Session>(ROUTES.refresh, { method: 'POST', body }),
    logout: (body: LogoutBody) => http.request<void>(ROUTES.logout, { method: 'POST', body }),
  }
}

export type AuthApi = ReturnType<typeof createAuthApi>
