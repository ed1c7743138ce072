import type { Clock } from '../../src/clock'

/** A clock that only moves when told to. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let t = start
  return {
    now: () => t,
    advance(ms) { t += ms },
    set(ms) { t = ms },
  }
}
