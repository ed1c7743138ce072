import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptPkcs1v15, paddingEnd } from './rsa-pkcs1-decrypt'

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const other = generateKeyPairSync('rsa', { modulusLength: 2048 })

const encrypt = (text: Buffer, key = publicKey) => publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, text)

describe('PKCS#1 v1.5 decryption without node\'s refused padding mode', () => {
  it('decrypts what PKCS#1 v1.5 encryption produced, one block or several', () => {
    const short = Buffer.from('{"purePhoneNumber":"13800138000"}')
    expect(decryptPkcs1v15(privateKey, encrypt(short))?.toString()).toBe(short.toString())
    const long = randomBytes(600)
    const blocks = Buffer.concat([encrypt(long.subarray(0, 245)), encrypt(long.subarray(245, 490)), encrypt(long.subarray(490))])
    expect(decryptPkcs1v15(privateKey, blocks)?.equals(long)).toBe(true)
    // An empty message is valid padding too.
    expect(decryptPkcs1v15(privateKey, encrypt(Buffer.alloc(0)))?.length).toBe(0)
  })

  it('refuses ciphertexts for another key, tampered ones, and ones of the wrong length', () => {
    const text = Buffer.from('{"purePhoneNumber":"13800138000"}')
    expect(decryptPkcs1v15(privateKey, encrypt(text, other.publicKey))).toBeUndefined()
    const tampered = encrypt(text)
    tampered[100] = tampered[100]! ^ 0x01
    expect(decryptPkcs1v15(privateKey, tampered)).toBeUndefined()
    expect(decryptPkcs1v15(privateKey, encrypt(text).subarray(1))).toBeUndefined()
    expect(decryptPkcs1v15(privateKey, Buffer.alloc(0))).toBeUndefined()
    // Not below the modulus.
    expect(decryptPkcs1v15(privateKey, Buffer.alloc(256, 0xff))).toBeUndefined()
  })

  it('checks every rule of the padding', () => {
    const block = (bytes: number[]) => Uint8Array.from(bytes)
    const ps = Array(8).fill(0x11)
    expect(paddingEnd(block([0, 2, ...ps, 0, 0x41, 0x42]))).toBe(11)
    expect(paddingEnd(block([0, 2, ...ps, 0x22, 0, 0x41]))).toBe(12)
    expect(paddingEnd(block([1, 2, ...ps, 0, 0x41]))).toBe(0) // first byte not zero
    expect(paddingEnd(block([0, 1, ...ps, 0, 0x41]))).toBe(0) // block type 1 (signatures), not 2
    expect(paddingEnd(block([0, 2, ...ps.slice(1), 0, 0x41]))).toBe(0) // PS shorter than 8 bytes
    expect(paddingEnd(block([0, 2, ...ps, 0x41]))).toBe(0) // no separator
    expect(paddingEnd(block([0, 2, 0, ...ps, 0x41]))).toBe(0) // separator first: empty PS
  })
})
