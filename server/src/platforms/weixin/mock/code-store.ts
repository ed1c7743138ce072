import { randomBytes } from 'node:crypto'
import type { Clock } from '../../../clock'
import type { PhoneParts } from './phone-format'

/** wx.login codes and phone codes both live 5 minutes and work once. */
export const CODE_TTL_MS = 5 * 60_000

export interface LoginGrant {
  kind: 'login'
  openid: string
  unionid?: string
}

export interface PhoneGrant {
  kind: 'phone'
  phone: PhoneParts
  /** What phone_info.watermark.appid will say (normally the issuing app). */
  watermarkAppid: string
}

type Grant = LoginGrant | PhoneGrant

interface StoredCode {
  grant: Grant
  appid: string
  issuedAt: number
  used: boolean
}

export type Redeemed<G> = { ok: true; grant: G; issuedAt: number } | { ok: false; errcode: number }

/** One-time codes keyed by code, with the app they were issued to, their kind, issue time and a used flag. */
export function createCodeStore(clock: Clock) {
  const codes = new Map<string, StoredCode>()

  function issue(appid: string, grant: Grant): string {
    prune()
    // Login codes look like wx.login's 32 characters; phone codes are longer, as the real ones are.
    const code = randomBytes(grant.kind === 'login' ? 16 : 32).toString('hex')
    codes.set(code, { grant, appid, issuedAt: clock.now(), used: false })
    return code
  }

  /** Dev servers run for days: forget codes long past any use. */
  function prune(): void {
    const horizon = clock.now() - 2 * CODE_TTL_MS
    for (const [code, stored] of codes) if (stored.issuedAt < horizon) codes.delete(code)
  }

  function redeem<K extends Grant['kind']>(
    code: string,
    kind: K,
    appid: string,
  ): Redeemed<Extract<Grant, { kind: K }>> {
    const stored = codes.get(code)
    // A login code sent to the phone endpoint (or the reverse) is simply an invalid code there.
    if (!stored || stored.grant.kind !== kind) return { ok: false, errcode: 40029 }
    if (stored.appid !== appid) return { ok: false, errcode: 40013 }
    if (clock.now() - stored.issuedAt >= CODE_TTL_MS) return { ok: false, errcode: 40029 }
    if (stored.used) return { ok: false, errcode: kind === 'login' ? 40163 : 40029 }
    stored.used = true
    return { ok: true, grant: stored.grant as Extract<Grant, { kind: K }>, issuedAt: stored.issuedAt }
  }

  return { issue, redeem, reset: () => codes.clear() }
}

export type CodeStore = ReturnType<typeof createCodeStore>
