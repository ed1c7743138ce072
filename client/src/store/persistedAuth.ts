import type { Session } from 'shared'
import type { Serializer } from 'pinia-plugin-persistedstate'
import { isSessionShape } from './sessionShape'

/** What the auth store keeps across app restarts. */
export interface PersistedAuth {
  session: Session | null
  /** False after the user signs out, so the login page does not sign them straight back in. */
  silentLoginAllowed: boolean
  /** This device has had a session: a silent login is worth waiting for (briefly) on the login page. */
  signedInBefore: boolean
  /** Refresh tokens of logouts the BFF has not heard of yet (signed out offline). */
  pendingLogouts: string[]
}

export const PERSISTED_AUTH_PATHS: (keyof PersistedAuth)[] = ['session', 'silentLoginAllowed', 'signedInBefore', 'pendingLogouts']

/**
 * JSON, but a stored value that does not parse or has the wrong shape is discarded: the user is
 * signed out instead of the app failing to start.
 */
export const persistedAuthSerializer: Serializer = {
  serialize: (state) => JSON.stringify(state),
  deserialize(text) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      console.warn('[auth] stored session is not JSON; discarded')
      return { session: null, pendingLogouts: [] }
    }
    const stored = typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : {}
    upgradeStoredSession(stored.session)
    const state: PersistedAuth = {
      session: isSessionShape(stored.session) ? stored.session : null,
      silentLoginAllowed: stored.silentLoginAllowed !== false,
      signedInBefore: stored.signedInBefore === true || isSessionShape(stored.session),
      pendingLogouts: Array.isArray(stored.pendingLogouts)
        ? stored.pendingLogouts.filter((t): t is string => typeof t === 'string' && t !== '')
        : [],
    }
    if (stored.session != null && state.session === null) console.warn('[auth] stored session is damaged; discarded')
    return state
  },
}

/**
 * A session stored before accounts had identities (the apps upgrade) lacks `user.identities`: it is still
 * good (its tokens refresh as before), so it gets an empty list rather than signing the user out.
 */
function upgradeStoredSession(session: unknown): void {
  if (typeof session !== 'object' || session === null) return
  const user = (session as { user?: unknown }).user
  if (typeof user === 'object' && user !== null && !('identities' in user)) (user as { identities: unknown[] }).identities = []
}
