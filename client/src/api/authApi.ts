import type { LogoutBody, PhoneLoginBody, RefreshBody, Session, WxLoginBody, WxLoginResponse } from 'shared'
import { ROUTES } from 'shared'
import type { Http } from './http'

/** `/api/auth/*`: sign in with a phone code or a login code, rotate and revoke refresh tokens. */
export function createAuthApi(http: Http) {
  return {
    phoneLogin: (body: PhoneLoginBody) => http.request<Session>(ROUTES.phoneLogin, { method: 'POST', body }),
    wxLogin: (body: WxLoginBody) => http.request<WxLoginResponse>(ROUTES.wxLogin, { method: 'POST', body }),
    refresh: (body: RefreshBody) => http.request<Session>(ROUTES.refresh, { method: 'POST', body }),
    logout: (body: LogoutBody) => http.request<void>(ROUTES.logout, { method: 'POST', body }),
  }
}

export type AuthApi = ReturnType<typeof createAuthApi>
