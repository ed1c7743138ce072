import { randomBytes } from 'node:crypto'
import type { Clock } from '../../clock'

/** Platform codes (login and phone) live 5 minutes and work once. */
export const CODE_TTL_MS = 5 * 60_000

export type Redeemed<G> = { ok: true; grant: G; issuedAt: number } | { ok: false; why: 'unknown' | 'expired' | 'used' }

/** A mock platform's one-time codes: what each was issued for, when, and whether it was used. */
export function createOneTimeCodes<G>(clock: Clock, bytes = 24) {
  const codes = new Map<string, { grant: G; issuedAt: number; used: boolean }>()

  function issue(grant: G): string {
    prune()
    const code = randomBytes(bytes).toString('base64url')
    codes.set(code, { grant, issuedAt: clock.now(), used: false })
    return code
  }

  /** Dev servers run for days: forget codes long past any use. */
  function prune(): void {
    const horizon = clock.now() - 2 * CODE_TTL_MS
    for (const [code, stored] of codes) if (stored.issuedAt < horizon) codes.delete(code)
  }

  /** Uses the code if `accept` agrees (a code of another kind or app stays unused, as it is simply invalid there). */
  function redeem(code: string, accept: (grant: G) => boolean = () => true): Redeemed<G> {
    const stored = codes.get(code)
    if (!stored || !accept(stored.grant)) return { ok: false, why: 'unknown' }
    if (clock.now() - stored.issuedAt >= CODE_TTL_MS) return { ok: false, why: 'expired' }
    if (stored.used) return { ok: false, why: 'used' }
    stored.used = true
    return { ok: true, grant: stored.grant, issuedAt: stored.issuedAt }
  }

  return { issue, redeem, reset: () => codes.clear() }
}
