/**
 * Runs at most one `fn` per key at a time; callers arriving meanwhile share its result (or its failure).
 * The key is forgotten as soon as the run settles, so the next call after a failure tries again.
 */
export function createSingleFlight<T>() {
  const running = new Map<string, Promise<T>>()

  return function run(key: string, fn: () => Promise<T>): Promise<T> {
    const existing = running.get(key)
    if (existing) return existing
    const promise = fn().finally(() => running.delete(key))
    running.set(key, promise)
    return promise
  }
}
