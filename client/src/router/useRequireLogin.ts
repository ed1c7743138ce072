import { onShow } from '@dcloudio/uni-app'
import { currentPageUrl } from './currentPage'
import { toLogin } from './toLogin'

/**
 * For a page that needs a session: a signed-out user is sent to login, and back here after.
 * The page passes its auth store in (the store imports the router, never the other way).
 */
export function useRequireLogin(auth: { readonly isLoggedIn: boolean }): void {
  onShow(() => {
    if (!auth.isLoggedIn) toLogin(currentPageUrl())
  })
}
