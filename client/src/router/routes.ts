/** The login page, and the pages a signed-out user may see; every other page needs a session. */
export const LOGIN_PAGE = '/pages/login/login'
export const HOME_PAGE = '/pages/home/home'
export const PROFILE_PAGE = '/pages/profile/profile'
// 登录设备 and 注销账号 are rarely opened: a subpackage, loaded on demand, keeps them out of the main package.
export const DEVICES_PAGE = '/pages-account/devices/devices'
export const DELETE_ACCOUNT_PAGE = '/pages-account/delete-account/delete-account'
// 《用户协议》/《隐私政策》: long texts most users never open (on mp-weixin 《隐私政策》 is WeChat's own guide),
// so they load on demand too, outside the main package's budget.
export const AGREEMENT_PAGE = '/pages-legal/agreement/agreement'
export const PUBLIC_PAGES: readonly string[] = [HOME_PAGE, LOGIN_PAGE, AGREEMENT_PAGE]

/** "/pages/a/b?x=1" → "/pages/a/b"; tolerates a missing leading slash. */
export function pathOf(url: string): string {
  const path = url.split('?')[0] ?? ''
  return path.startsWith('/') ? path : `/${path}`
}

export function needsLogin(url: string): boolean {
  return !PUBLIC_PAGES.includes(pathOf(url))
}

export function loginUrl(redirect?: string | null): string {
  return redirect ? `${LOGIN_PAGE}?redirect=${encodeURIComponent(redirect)}` : LOGIN_PAGE
}

/** Where to go after login: the page the user was sent away from, if it is one of ours. */
export function afterLoginUrl(redirect: string | null | undefined): string {
  if (!redirect) return HOME_PAGE
  let url = redirect
  try {
    url = decodeURIComponent(redirect)
  } catch {
    return HOME_PAGE
  }
  return url.startsWith('/pages/') && pathOf(url) !== LOGIN_PAGE ? url : HOME_PAGE
}
