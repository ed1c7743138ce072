/** Time as the app sees it; tests pass a fake one so expiry can be exercised without waiting. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
