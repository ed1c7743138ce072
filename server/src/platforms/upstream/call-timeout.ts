import type { Clock } from '../../clock'
import type { CallContext } from '../platform'

/**
 * How long one upstream call may take: the configured timeout, cut to what is left of the request's deadline.
 * Zero or less means there is no time left: the caller answers "unavailable" without calling.
 */
export function callTimeout(timeoutMs: number, clock: Clock, ctx: CallContext | undefined): number {
  if (ctx?.deadline === undefined) return timeoutMs
  return Math.min(timeoutMs, ctx.deadline - clock.now())
}

/**
 * Waits for `work` shared by several requests (the client token's fetch) no longer than this request's
 * deadline: past it this request fails with `late()` and leaves the shared work to finish for the others.
 */
export function beforeDeadline<T>(clock: Clock, ctx: CallContext | undefined, work: Promise<T>, late: () => Error): Promise<T> {
  if (ctx?.deadline === undefined) return work
  const left = ctx.deadline - clock.now()
  if (left <= 0) {
    work.catch(() => undefined)
    return Promise.reject(late())
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      work.catch(() => undefined)
      reject(late())
    }, left)
    work.then(
      (value) => { clearTimeout(timer); resolve(value) },
      (err: unknown) => { clearTimeout(timer); reject(err as Error) },
    )
  })
}
