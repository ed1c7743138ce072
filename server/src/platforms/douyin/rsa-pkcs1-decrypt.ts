import { constants, type KeyObject, privateDecrypt } from 'node:crypto'

/**
 * RSA decryption with PKCS#1 v1.5 padding (RSAES-PKCS1-v1_5), for Douyin's get_phonenumber_info `data`.
 *
 * Node 20 refuses RSA_PKCS1_PADDING for private decryption since the fix for CVE-2023-46809 (the Marvin
 * attack): a server that tells a caller whether padding was valid, even only by timing, lets that caller
 * decrypt other ciphertexts bit by bit. So we decrypt raw (RSA_NO_PADDING) and check the padding here.
 *
 * Why that is safe here: the ciphertext is never the caller's. Our client sends Douyin a phone code and
 * Douyin answers, over TLS from open.douyin.com, with data it encrypted to our public key. An attacker
 * would have to make us decrypt ciphertexts of their choosing and watch the outcome; they can only send us
 * codes, never `data`, so there is no padding oracle to query. The check still runs without early exits
 * (best effort in JavaScript) and every failure looks the same to the caller.
 *
 * Returns undefined when any block does not decrypt to valid padding (wrong key, or not our ciphertext).
 * Longer plaintexts come as several blocks of the key's size, decrypted one by one and joined.
 */
export function decryptPkcs1v15(key: KeyObject, ciphertext: Buffer): Buffer | undefined {
  const blockBytes = keyBytes(key)
  if (ciphertext.length === 0 || ciphertext.length % blockBytes !== 0) return undefined
  const parts: Buffer[] = []
  let bad = 0
  for (let offset = 0; offset < ciphertext.length; offset += blockBytes) {
    let block: Buffer
    try {
      block = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, ciphertext.subarray(offset, offset + blockBytes))
    } catch {
      // Not below the modulus: not a ciphertext under this key.
      return undefined
    }
    const start = paddingEnd(block)
    bad |= start === 0 ? 1 : 0
    parts.push(block.subarray(start))
  }
  return bad === 0 ? Buffer.concat(parts) : undefined
}

/**
 * EM = 0x00 ‖ 0x02 ‖ PS (at least 8 nonzero bytes) ‖ 0x00 ‖ M. Returns the index where M starts, or 0 when the
 * padding is invalid. Scans the whole block whatever it finds, with no data-dependent branches.
 */
export function paddingEnd(em: Uint8Array): number {
  let bad = (em[0] ?? 1) | ((em[1] ?? 0) ^ 0x02)
  let found = 0
  let separator = 0
  for (let i = 2; i < em.length; i++) {
    const isZero = ((em[i]! - 1) >>> 31) & 1
    const first = isZero & (found ^ 1)
    separator |= -first & i
    found |= isZero
  }
  bad |= found ^ 1
  // PS must be at least 8 bytes: the separator at index 10 or later.
  bad |= ((separator - 10) >>> 31) & 1
  return (-(bad === 0 ? 1 : 0)) & (separator + 1)
}

function keyBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength
  if (!bits) throw new Error('not an RSA key')
  return Math.ceil(bits / 8)
}
