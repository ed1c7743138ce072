import { toLogin } from './toLogin'

/**
 * Runs an action that needs a session, or (signed out) asks the user to log in first and brings
 * them back to this page afterwards, where they tap again. The router never imports the store
 * (the store imports the router): the page passes its auth store in.
 */
export function loginFirst(auth: { readonly isLoggedIn: boolean }, action: () => void): void {
  if (auth.isLoggedIn) action()
  else toLogin()
}
