import { createHash, createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'

/** The two asymmetric algorithms the contract allows; the key's type decides which one it signs with. */
export type SigningAlg = 'ES256' | 'EdDSA'

/** A public key as /.well-known/jwks.json publishes it (RFC 7517). */
export interface PublicJwk {
  kty: 'EC' | 'OKP'
  crv: 'P-256' | 'Ed25519'
  x: string
  y?: string
  kid: string
  alg: SigningAlg
  use: 'sig'
}

export interface SigningKey {
  /** RFC 7638 thumbprint of the public key: the same wherever the key sits in AUTH_SIGNING_KEYS. */
  kid: string
  alg: SigningAlg
  privateKey: KeyObject
  publicKey: KeyObject
  jwk: PublicJwk
}

const PEM_BLOCK = /-----BEGIN PRIVATE KEY-----[\s\S]*?-----END PRIVATE KEY-----/g

/**
 * AUTH_SIGNING_KEYS: PKCS#8 PEM private keys one after another, or a comma-separated list of `$NAME`
 * references to variables that each hold one. Order is kept: the first signs, all verify. Throws an Error
 * whose message names what is wrong (config.ts turns it into the one start-up line).
 */
export function parseSigningKeys(value: string, lookup: (name: string) => string | undefined): SigningKey[] {
  const pems = value.trimStart().startsWith('$') ? value.split(',').map((ref, index) => dereference(ref.trim(), index, lookup)) : splitPems(value)
  if (pems.length === 0) throw new Error('AUTH_SIGNING_KEYS holds no PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)')
  const keys = pems.map((pem, index) => signingKeyFromPem(pem, `key ${index + 1}`))
  const kids = new Set(keys.map((key) => key.kid))
  if (kids.size !== keys.length) throw new Error('AUTH_SIGNING_KEYS lists the same key twice')
  return keys
}

/** One PKCS#8 PEM private key: EC P-256 (ES256) or Ed25519 (EdDSA). */
export function signingKeyFromPem(pem: string, name = 'key'): SigningKey {
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' })
  } catch {
    throw new Error(`AUTH_SIGNING_KEYS: ${name} is not a readable PKCS#8 PEM private key`)
  }
  const publicKey = createPublicKey(privateKey)
  const jwk = publicKey.export({ format: 'jwk' }) as JsonWebKey
  let alg: SigningAlg
  if (privateKey.asymmetricKeyType === 'ec' && jwk.crv === 'P-256') alg = 'ES256'
  else if (privateKey.asymmetricKeyType === 'ed25519') alg = 'EdDSA'
  else throw new Error(`AUTH_SIGNING_KEYS: ${name} must be an EC P-256 (ES256) or Ed25519 (EdDSA) key, not ${privateKey.asymmetricKeyType ?? 'unknown'}${jwk.crv ? ` ${jwk.crv}` : ''}`)
  const kid = thumbprint(jwk)
  const published: PublicJwk = alg === 'ES256'
    ? { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, kid, alg, use: 'sig' }
    : { kty: 'OKP', crv: 'Ed25519', x: jwk.x!, kid, alg, use: 'sig' }
  return { kid, alg, privateKey, publicKey, jwk: published }
}

/** RFC 7638: SHA-256 over the required members, in lexicographic order, no whitespace. */
function thumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC'
    ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
    : { crv: jwk.crv, kty: jwk.kty, x: jwk.x }
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url')
}

function splitPems(value: string): string[] {
  // Container environments often carry a PEM on one line with literal "\n".
  return value.replace(/\\n/g, '\n').match(PEM_BLOCK) ?? []
}

function dereference(ref: string, index: number, lookup: (name: string) => string | undefined): string {
  const name = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref)?.[1]
  // Not echoed: a misplaced key must not end up in a start-up log.
  if (name === undefined) throw new Error(`AUTH_SIGNING_KEYS: item ${index + 1} is not a $NAME reference (write $NAME,$OTHER, or the PEM keys themselves)`)
  const value = lookup(name)
  if (value === undefined) throw new Error(`AUTH_SIGNING_KEYS names $${name}, which is unset`)
  const pems = splitPems(value)
  if (pems.length !== 1) throw new Error(`AUTH_SIGNING_KEYS: $${name} must hold exactly one PKCS#8 PEM private key`)
  return pems[0]!
}
