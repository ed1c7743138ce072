import { createSign, createVerify, type KeyObject } from 'node:crypto'

/**
 * Alipay's request signing (开放平台 "自行实现签名"): every parameter but `sign`, with an empty value left out,
 * sorted by name (ASCII), joined as `name=value` with `&`, unencoded; RSA-SHA256 (RSA2) with the app's private
 * key, base64.
 */
export function signParams(params: Record<string, string>, privateKey: KeyObject): string {
  return signText(signingString(params), privateKey)
}

export function signingString(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
}

export function signText(text: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(text, 'utf8').sign(privateKey, 'base64')
}

/** RSA-SHA256 over `text` with Alipay's public key; false for anything that is not a valid signature. */
export function verifyText(text: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(text, 'utf8').verify(publicKey, signature, 'base64')
  } catch {
    return false
  }
}

/**
 * The exact text of the value of `"key":` in a JSON answer, as Alipay signed it (its gateway signs the
 * response node's JSON text, not a re-serialisation of it). Scans for the balanced object, honouring strings.
 * undefined when the key is absent or its value is not an object.
 */
export function rawNode(json: string, key: string): string | undefined {
  const marker = `"${key}"`
  let at = json.indexOf(marker)
  while (at !== -1) {
    let i = at + marker.length
    while (/\s/.test(json[i] ?? '')) i++
    if (json[i] === ':') {
      i++
      while (/\s/.test(json[i] ?? '')) i++
      return json[i] === '{' ? balancedObject(json, i) : undefined
    }
    at = json.indexOf(marker, at + 1)
  }
  return undefined
}

function balancedObject(json: string, start: number): string | undefined {
  let depth = 0
  let inString = false
  for (let i = start; i < json.length; i++) {
    const ch = json[i]
    if (inString) {
      if (ch === '\\') i++
      else if (ch === '"') inString = false
    } else if (ch === '"') {
      inString = true
    } else if (ch === '{') {
      depth++
    } else if (ch === '}') {
      depth--
      if (depth === 0) return json.slice(start, i + 1)
    }
  }
  return undefined
}

/** Alipay's timestamp parameter: `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8), whatever the server's zone. */
export function beijingTimestamp(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}
