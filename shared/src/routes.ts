/** Paths of the BFF, so client and server cannot drift apart. */
export const ROUTES = {
  phoneLogin: '/api/auth/phone-login',
  wxLogin: '/api/auth/wx-login',
  silentLogin: '/api/auth/silent-login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
  me: '/api/me',
  mePhone: '/api/me/phone',
  meSessions: '/api/me/sessions',
  revokeOtherSessions: '/api/me/sessions/revoke-others',
  deleteAccount: '/api/me/delete',
  health: '/healthz',
  devLoginCode: '/__dev/wechat/login-code',
  devPhoneCode: '/__dev/wechat/phone-code',
  devQuota: '/__dev/wechat/quota',
} as const

/** `POST /api/me/sessions/:id/revoke` */
export function revokeSessionRoute(sessionId: string): string {
  return `/api/me/sessions/${encodeURIComponent(sessionId)}/revoke`
}
