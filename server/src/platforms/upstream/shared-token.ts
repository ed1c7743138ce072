import type { Clock } from '../../clock'
import type { CachedToken, TokenStore } from '../token-store'
import { createSingleFlight } from './single-flight'

const POLL_MS = 50

export interface SharedTokenOptions {
  store: TokenStore
  clock: Clock
  /** Longest a fetch may take: the lock's lease and the wait for another holder are derived from it. */
  timeoutMs: number
  /** Fetches a fresh token from the platform (throws its classified error). */
  fetch(): Promise<CachedToken>
  /** The error to throw when another holder keeps the lock past any reasonable fetch. */
  lockTimeout(): Error
}

export interface SharedToken {
  /** The cached token, or one fetched now: one fetch at a time per process and, through the store, across processes. */
  get(): Promise<string>
  /** After the platform rejected `token`: forget it, unless another caller already replaced it. */
  invalidate(token: string): Promise<void>
}

/**
 * A platform credential (WeChat's access token, Douyin's client token) cached in a TokenStore until shortly
 * before it expires, fetched lazily (the BFF starts while the platform is down) by one caller at a time in
 * this process and, through the store's lock, across processes: a Redis TokenStore shares it between instances.
 */
export function createSharedToken(opts: SharedTokenOptions): SharedToken {
  const { store, clock } = opts
  const flight = createSingleFlight<string>()
  // A holder that crashed mid-fetch frees the lock after its lease; a live one is done within timeoutMs.
  const leaseMs = opts.timeoutMs + 5_000

  async function usable(): Promise<string | undefined> {
    const cached = await store.get()
    return cached && cached.expiresAt > clock.now() ? cached.value : undefined
  }

  async function refresh(): Promise<string> {
    const deadline = performance.now() + leaseMs + opts.timeoutMs
    for (;;) {
      const lock = await store.tryLock(leaseMs)
      if (lock) {
        try {
          // Another process (or a flight that just ended) may have stored one while we queued for the lock.
          const stored = await usable()
          if (stored) return stored
          const fetched = await opts.fetch()
          await store.set(fetched)
          return fetched.value
        } finally {
          // Best effort: if this fails, the lease runs out.
          await lock.release().catch(() => undefined)
        }
      }
      // Someone else is fetching: wait for their token rather than fetch a second one.
      if (performance.now() >= deadline) throw opts.lockTimeout()
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      const stored = await usable()
      if (stored) return stored
    }
  }

  return {
    async get() {
      return (await usable()) ?? flight('token', refresh)
    },
    async invalidate(token) {
      await store.deleteIfEquals(token)
    },
  }
}
