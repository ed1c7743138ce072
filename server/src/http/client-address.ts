import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { type AppEnv, headerOf } from './app-env'

/**
 * Who is calling, for rate limiting. The socket address unless we sit behind a proxy (TRUST_PROXY=1); then
 * the last X-Forwarded-For entry, the one our proxy appended: earlier entries are whatever the client sent.
 */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = headerOf(c, 'x-forwarded-for')?.split(',').map((part) => part.trim()).filter(Boolean).at(-1)
    if (forwarded) return normalize(forwarded)
  }
  return normalize(getConnInfo(c).remote.address ?? 'unknown')
}

/** ::ffff:127.0.0.1 and 127.0.0.1 are one client. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address
}
