/**
 * An access token as cached: the value and when to stop using it (ms since the epoch, by the client's clock;
 * already shortened by the refresh margin).
 */
export interface CachedToken {
  value: string
  expiresAt: number
}

/** A held refresh lock; release it when the fetch is done (a crashed holder's lease runs out on its own). */
export interface TokenLock {
  release(): Promise<void>
}

/**
 * Where one app's access token lives (any platform whose API needs one). In-process (memory-token-store.ts), or in
 * Redis, shared by several BFF instances (redis/redis-token-store.ts: GET, SET with PX, compare-and-delete,
 * SET NX PX for the lock and a compare-and-delete to release it). One store per app: keyed by platform and appid.
 */
export interface TokenStore {
  /** The cached token, or undefined when there is none or it has expired. */
  get(): Promise<CachedToken | undefined>
  set(token: CachedToken): Promise<void>
  /** Drops the cached token only if it is still `value` (another caller may already have replaced it). */
  deleteIfEquals(value: string): Promise<boolean>
  /** The refresh lock, or undefined if someone else holds it. Held at most `leaseMs`. */
  tryLock(leaseMs: number): Promise<TokenLock | undefined>
}
