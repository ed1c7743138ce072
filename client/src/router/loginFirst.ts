import { useAuthStore } from '@/store/auth'
import { toLogin } from './toLogin'

/**
 * Runs an action that needs a session, or (signed out) asks the user to log in first and brings
 * them back to this page afterwards, where they tap again.
 */
export function loginFirst(action: () => void): void {
  if (useAuthStore().isLoggedIn) action()
  else toLogin()
}
