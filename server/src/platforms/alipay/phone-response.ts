import { createDecipheriv, type KeyObject } from 'node:crypto'
import type { PhoneInfo } from '../platform'
import { verifyText } from './alipay-sign'

const MOBILE = /^\d{4,20}$/
const ZERO_IV = Buffer.alloc(16)

/**
 * Opens `res.response` of my.getPhoneNumber: `{"response": "<base64 AES ciphertext>", "sign", "sign_type": "RSA2",
 * "encrypt_type": "AES", "charset"}`. The sign is RSA-SHA256 by Alipay's key over the ciphertext wrapped in
 * double quotes (Alipay's rule for encrypted content); the ciphertext is AES-CBC (PKCS#7), zero IV, with the
 * app's AES key; the plaintext is `{"code": "10000", "msg": "Success", "mobile": "…"}`.
 *
 * Returns the number, or the reason it was refused (for the logs; the caller answers PHONE_CODE_INVALID).
 */
export function openPhoneResponse(
  text: string,
  keys: { alipayPublicKey: KeyObject; aesKey: Buffer },
): { ok: true; phone: PhoneInfo } | { ok: false; reason: string } {
  let outer: unknown
  try {
    outer = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'not_json' }
  }
  if (typeof outer !== 'object' || outer === null) return { ok: false, reason: 'not_json' }
  const { response, sign, sign_type: signType, encrypt_type: encryptType } = outer as Record<string, unknown>
  // An unencrypted answer (an object) is an error report from the client, never a number.
  if (typeof response !== 'string' || response === '' || typeof sign !== 'string' || sign === '') {
    return { ok: false, reason: 'malformed' }
  }
  if ((signType !== undefined && signType !== 'RSA2') || (encryptType !== undefined && encryptType !== 'AES')) {
    return { ok: false, reason: 'algorithm' }
  }
  if (!verifyText(`"${response}"`, sign, keys.alipayPublicKey)) return { ok: false, reason: 'signature' }
  const plain = aesDecrypt(response, keys.aesKey)
  if (plain === undefined) return { ok: false, reason: 'decrypt' }
  let content: unknown
  try {
    content = JSON.parse(plain)
  } catch {
    return { ok: false, reason: 'decrypt' }
  }
  const { code, mobile } = (typeof content === 'object' && content !== null ? content : {}) as Record<string, unknown>
  if (code !== '10000') return { ok: false, reason: `code_${typeof code === 'string' ? code.slice(0, 16) : 'missing'}` }
  if (typeof mobile !== 'string' || !MOBILE.test(mobile)) return { ok: false, reason: 'mobile' }
  // Alipay hands out mainland numbers only, without a country code.
  return { ok: true, phone: { phoneNumber: mobile, purePhoneNumber: mobile, countryCode: '86' } }
}

function aesDecrypt(base64: string, key: Buffer): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined
  try {
    const decipher = createDecipheriv(`aes-${key.length * 8}-cbc`, key, ZERO_IV)
    return Buffer.concat([decipher.update(Buffer.from(base64, 'base64')), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}

/** The app's AES key (接口内容加密, base64): 16, 24 or 32 bytes. */
export function readAesKey(base64: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64.trim())) return undefined
  const key = Buffer.from(base64.trim(), 'base64')
  return key.length === 16 || key.length === 24 || key.length === 32 ? key : undefined
}
