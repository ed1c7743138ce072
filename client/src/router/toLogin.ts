import { currentPageUrl } from './currentPage'
import { LOGIN_PAGE, loginUrl, pathOf } from './routes'

/**
 * Sends the user to the login page, remembering where they were. However many requests fail at
 * once, there is one navigation: calls are ignored while one is under way or already on login.
 */
export function createToLogin(navigate: (url: string, done: () => void) => void = reLaunch) {
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

function reLaunch(url: string, done: () => void): void {
  uni.reLaunch({ url, complete: done })
}

export const toLogin = createToLogin()
