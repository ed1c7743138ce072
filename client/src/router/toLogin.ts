import { currentPageUrl, stackDepth } from './currentPage'
import { LOGIN_PAGE, loginUrl, pathOf } from './routes'

/**
 * Sends the user to the login page, remembering where they were. However many requests fail at
 * once, there is one navigation: calls are ignored while one is under way or already on login.
 */
export function createToLogin(navigate: (url: string, done: () => void) => void = openLogin) {
  let navigating = false
  return function toLogin(redirect: string | null = currentPageUrl()): void {
    const here = currentPageUrl()
    if (navigating || (here && pathOf(here) === LOGIN_PAGE)) return
    navigating = true
    navigate(loginUrl(redirect && pathOf(redirect) !== LOGIN_PAGE ? redirect : null), () => {
      navigating = false
    })
  }
}

/** Login opens over the current page, so 暂不登录 can go back to it; from an empty or full stack it replaces everything. */
function openLogin(url: string, done: () => void): void {
  const depth = stackDepth()
  if (depth > 0 && depth < 9) uni.navigateTo({ url, complete: done })
  else uni.reLaunch({ url, complete: done })
}

export const toLogin = createToLogin()
