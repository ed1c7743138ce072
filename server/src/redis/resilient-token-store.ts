import type { TokenLock, TokenStore } from '../platforms/token-store'
import type { Logger } from '../logger'

export interface ResilientTokenStoreOptions {
  /** The store every instance shares (Redis). Its operations may fail. */
  shared: TokenStore
  /** This process's own store (memory); never fails. */
  local: TokenStore
  logger: Logger
  /** After a shared-store failure, use only the local store this long before trying the shared one again. */
  retryAfterMs?: number
  /** Monotonic milliseconds; real time even when the app runs on a fake clock. */
  now?: () => number
}

/**
 * A TokenStore that keeps serving when the shared store fails. Every token read from or written to the shared
 * store is mirrored locally, so when it fails the process goes on with the token it already had (and, at
 * worst, fetches one for itself under its in-process lock). It logs the switch once each way and goes back to
 * the shared store by itself when it answers again.
 */
export function createResilientTokenStore(opts: ResilientTokenStoreOptions): TokenStore {
  const { shared, local, logger } = opts
  const retryAfterMs = opts.retryAfterMs ?? 1000
  const now = opts.now ?? (() => performance.now())
  let down = false
  let retryAt = 0

  const sharedWorth = () => !down || now() >= retryAt

  function failed(err: unknown): void {
    retryAt = now() + retryAfterMs
    if (down) return
    down = true
    logger.warn({ reason: err instanceof Error ? err.message : String(err) },
      'redis unavailable, serving the WeChat access token from the in-process cache')
  }

  function answered(): void {
    if (!down) return
    down = false
    logger.info({}, 'redis available again, sharing the WeChat access token through it')
  }

  /** Runs `op` on the shared store; `undefined` as "fall back" when it is down or fails. */
  async function onShared<T>(op: (store: TokenStore) => Promise<T>): Promise<{ value: T } | undefined> {
    if (!sharedWorth()) return undefined
    try {
      const value = await op(shared)
      answered()
      return { value }
    } catch (err) {
      failed(err)
      return undefined
    }
  }

  return {
    async get() {
      const fromShared = await onShared((s) => s.get())
      if (!fromShared) return local.get()
      if (fromShared.value) await local.set(fromShared.value)
      return fromShared.value
    },
    async set(token) {
      await local.set(token)
      await onShared((s) => s.set(token))
    },
    async deleteIfEquals(value) {
      const locally = await local.deleteIfEquals(value)
      const fromShared = await onShared((s) => s.deleteIfEquals(value))
      return fromShared ? fromShared.value : locally
    },
    async tryLock(leaseMs): Promise<TokenLock | undefined> {
      const fromShared = await onShared((s) => s.tryLock(leaseMs))
      return fromShared ? fromShared.value : local.tryLock(leaseMs)
    },
  }
}
