import { toLogin } from './toLogin'
import { needsLogin } from './routes'

const NAVIGATIONS = ['navigateTo', 'redirectTo', 'reLaunch', 'switchTab'] as const

/**
 * Stops navigation to a page that needs a session while signed out, and goes to login instead
 * (which comes back after login). The first page and pages opened from a share or scan are not
 * navigations, so those pages also call `useRequireLogin`.
 */
export function installAuthGuard(isLoggedIn: () => boolean): void {
  for (const name of NAVIGATIONS) {
    uni.addInterceptor(name, {
      invoke(args: { url: string }) {
        if (isLoggedIn() || !needsLogin(args.url)) return args
        toLogin(args.url)
        return false
      },
    })
  }
}
