import { createHash, randomBytes } from 'node:crypto'

export interface Identity {
  openid: string
  unionid?: string
}

/**
 * WeChat users known to the mock. The same openid always maps to the same identity (its unionid, once set,
 * never changes), so a test can log the same user in twice.
 */
export function createIdentities() {
  const byOpenid = new Map<string, Identity>()
  // Fresh openids come from a per-instance seed and a counter: never repeated, never guessable across runs.
  const seed = randomBytes(16)
  let counter = 0

  function freshOpenid(): string {
    for (;;) {
      counter += 1
      const digest = createHash('sha256').update(seed).update(String(counter)).digest('base64url')
      // Real openids are 28 characters starting with "o".
      const openid = `o${digest.slice(0, 27)}`
      if (!byOpenid.has(openid)) return openid
    }
  }

  function resolve(openid?: string, unionid?: string): Identity {
    const id = openid ?? freshOpenid()
    let identity = byOpenid.get(id)
    if (!identity) {
      identity = unionid === undefined ? { openid: id } : { openid: id, unionid }
      byOpenid.set(id, identity)
    } else if (identity.unionid === undefined && unionid !== undefined) {
      identity.unionid = unionid
    }
    return identity
  }

  return { resolve, reset: () => byOpenid.clear() }
}
