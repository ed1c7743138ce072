import { onShow } from '@dcloudio/uni-app'
import { currentPageUrl } from './currentPage'
import { rememberAction, takeAction } from './pendingAction'
import { pathOf } from './routes'
import { toLogin } from './toLogin'

/**
 * An action that needs a session. Signed in, it runs; signed out, the user is asked to log in first and,
 * once signed in and back on this page, it runs by itself: 立即领取 completes, no second tap. Back
 * without signing in (暂不登录), nothing runs. Call it in a page's setup; `name` tells this page's actions apart.
 * The router never imports the store (the store imports the router): the page passes its auth store in.
 */
export function useLoginFirst(auth: { readonly isLoggedIn: boolean }, name: string, action: () => void): () => void {
  onShow(() => {
    const here = currentPageUrl()
    if (!here) return
    // Taken either way: a guest who came back without signing in has dropped it.
    if (takeAction(pathOf(here)) === name && auth.isLoggedIn) action()
  })
  return () => {
    if (auth.isLoggedIn) return action()
    const here = currentPageUrl()
    if (here) rememberAction({ path: pathOf(here), name })
    toLogin(here)
  }
}
