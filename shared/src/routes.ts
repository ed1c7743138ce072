/** Paths of the BFF, so client and server cannot drift apart. */
export const ROUTES = {
  phoneLogin: '/api/auth/phone-login',
  wxLogin: '/api/auth/wx-login',
  refresh: '/api/auth/refresh',
  logout: '/api/auth/logout',
  me: '/api/me',
  mePhone: '/api/me/phone',
  health: '/healthz',
  devLoginCode: '/__dev/wechat/login-code',
  devPhoneCode: '/__dev/wechat/phone-code',
} as const
