import type { Clock } from '../../clock'
import { noAnswer } from './error-map'
import type { CallContext } from './types'

/** The request's deadline passed before this call could be made: 503, and nothing was sent upstream. */
export function deadlinePassed(): Error {
  return noAnswer('request deadline passed').error
}

/** One upstream call's timeout: its own limit, cut to what is left of the request's deadline. */
export function callTimeout(clock: Clock, timeoutMs: number, ctx: CallContext | undefined): number {
  if (ctx?.deadline === undefined) return timeoutMs
  return Math.max(0, Math.min(timeoutMs, ctx.deadline - clock.now()))
}

/**
 * Waits for `work` (shared by several requests, e.g. the access-token fetch) no longer than this request's
 * deadline: past it the request answers 503 and lets the shared work finish for the others.
 */
export function beforeDeadline<T>(clock: Clock, ctx: CallContext | undefined, work: Promise<T>): Promise<T> {
  if (ctx?.deadline === undefined) return work
  const left = ctx.deadline - clock.now()
  if (left <= 0) {
    work.catch(() => undefined)
    return Promise.reject(deadlinePassed())
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(deadlinePassed()), left)
    work.then(
      (value) => { clearTimeout(timer); resolve(value) },
      (err: unknown) => { clearTimeout(timer); reject(err as Error) },
    )
  })
}
