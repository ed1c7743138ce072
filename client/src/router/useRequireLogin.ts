import { onShow } from '@dcloudio/uni-app'
import { useAuthStore } from '@/store/auth'
import { currentPageUrl } from './currentPage'
import { toLogin } from './toLogin'

/** For a page that needs a session: a signed-out user is sent to login, and back here after. */
export function useRequireLogin(): void {
  const auth = useAuthStore()
  onShow(() => {
    if (!auth.isLoggedIn) toLogin(currentPageUrl())
  })
}
