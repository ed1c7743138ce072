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
