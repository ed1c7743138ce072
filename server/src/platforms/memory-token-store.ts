import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock'
import type { CachedToken, TokenLock, TokenStore } from './token-store'

/** The in-process TokenStore: one app's token and refresh lock in memory. Expiry and leases follow `clock`. */
export function createMemoryTokenStore(clock: Clock): TokenStore {
  let token: CachedToken | undefined
  let lock: { owner: string; until: number } | undefined

  return {
    async get() {
      if (token && token.expiresAt <= clock.now()) token = undefined
      return token && { ...token }
    },
    async set(next) {
      token = { ...next }
    },
    async deleteIfEquals(value) {
      if (token?.value !== value) return false
      token = undefined
      return true
    },
    async tryLock(leaseMs): Promise<TokenLock | undefined> {
      const now = clock.now()
      if (lock && lock.until > now) return undefined
      const owner = randomUUID()
      lock = { owner, until: now + leaseMs }
      return {
        // Only the owner releases: a lease that ran out may already belong to someone else.
        release: async () => {
          if (lock?.owner === owner) lock = undefined
        },
      }
    },
  }
}
