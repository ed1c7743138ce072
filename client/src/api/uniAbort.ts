/**
 * The part of `AbortController` that ofetch and uniFetch use, because the mini program has none.
 * Handing it to `createFetch` also keeps ofetch from reaching for `globalThis.AbortController`.
 */
export class UniAbortSignal {
  aborted = false
  reason: unknown = undefined
  private readonly listeners = new Set<() => void>()

  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.add(listener)
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.delete(listener)
  }

  /** @internal */
  fire(reason: unknown): void {
    if (this.aborted) return
    this.aborted = true
    this.reason = reason
    for (const listener of this.listeners) listener()
    this.listeners.clear()
  }
}

export class UniAbortController {
  readonly signal = new UniAbortSignal()

  abort(reason?: unknown): void {
    this.signal.fire(reason ?? new Error('aborted'))
  }
}
