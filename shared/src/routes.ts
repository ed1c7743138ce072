/** Paths of the BFF, so client and server cannot drift apart. */
export const ROUTES = {
  phoneLogin: '/api/auth/phone-login',
  wxLogin: '/api/auth/wx-login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
  me: '/api/me',
  mePhone: '/api/me/phone',
  meSessions: '/api/me/sessions',
  /** `:id` is a SessionInfo id: use `sessionRevokePath(id)`. */
  meSessionRevoke: '/api/me/sessions/:id/revoke',
  meSessionsRevokeOthers: '/api/me/sessions/revoke-others',
  meDelete: '/api/me/delete',
  health: '/healthz',
  devLoginCode: '/__dev/wechat/login-code',
  devPhoneCode: '/__dev/wechat/phone-code',
  devQuota: '/__dev/wechat/quota',
} as const

export function sessionRevokePath(id: string): string {
  return ROUTES.meSessionRevoke.replace(':id', encodeURIComponent(id))
}
