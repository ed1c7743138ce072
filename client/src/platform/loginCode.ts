import { LOGIN_PROVIDER, PLATFORM } from './platform'

/**
 * Douyin: a code from tt.login taken before the tap is kept this long. Douyin's codes live 5 minutes
 * and work once; a minute's margin covers the trip to the BFF.
 */
export const PREFETCHED_CODE_MAX_AGE_MS = 4 * 60 * 1000

/** One uni.login: wx.login, tt.login or my.getAuthCode (uni maps `authCode` to `code`). */
function uniLoginCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    uni.login({
      provider: LOGIN_PROVIDER,
      // Alipay: auth_base is silent (no sheet) and gives the user id the BFF needs.
      ...(PLATFORM === 'alipay' ? { scopes: 'auth_base' } : {}),
      success: (result) => (result.code ? resolve(result.code) : reject(new Error('uni.login gave no code'))),
      fail: (error) => reject(new Error(error?.errMsg || 'uni.login failed')),
    } as UniApp.LoginOptions)
  })
}

let prefetched: { code: Promise<string>; at: number } | null = null

/**
 * Douyin asks for tt.login before the phone button is tapped: calling it in the button's callback
 * rotates the session. The button calls this when it appears; the next login takes the code. Elsewhere
 * (WeChat, Alipay) a code is fetched when it is needed, and this does nothing.
 */
export function prefetchLoginCode(now = Date.now()): void {
  // #ifdef MP-TOUTIAO
  if (prefetched && now - prefetched.at < PREFETCHED_CODE_MAX_AGE_MS) return
  const code = uniLoginCode()
  code.catch(() => {
    if (prefetched?.code === code) prefetched = null // the next login asks again
  })
  prefetched = { code, at: now }
  // #endif
}

/** A fresh login code, single-use: the prefetched one (Douyin) while it is young enough, else a new one. */
export function platformLoginCode(now = Date.now()): Promise<string> {
  const taken = prefetched
  prefetched = null
  if (taken && now - taken.at < PREFETCHED_CODE_MAX_AGE_MS) return taken.code
  return uniLoginCode()
}
