// What the access token's asymmetric signature costs, per login (sign) and per check (verify), for the two
// algorithms the contract allows, measured with node:crypto exactly as src/tokens/access-tokens.ts calls it.
//   npx tsx bench/token-signing.ts [--rounds=5] [--iterations=5000]
import { generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createAccessTokens } from '../src/tokens/access-tokens'
import { signingKeyFromPem } from '../src/tokens/signing-keys'

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, iterations: { type: 'string', default: '5000' } } })
const rounds = Number(args.rounds)
const iterations = Number(args.iterations)

function microseconds(fn: () => unknown): number {
  for (let i = 0; i < iterations / 10; i += 1) fn()
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i += 1) fn()
  return Number(process.hrtime.bigint() - start) / 1000 / iterations
}

function pem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'pkcs8' }) as string
}

const clock = { now: () => Date.now() }
const subject = { sub: '1b0e5a8e-3c1f-4d55-9d0e-0f6a7f9f2c11', sid: '7d3f8c2a-5b61-4e0e-8a7b-2c9d4e6f1a23', app: 'wx0123456789abcdef' }
const candidates = {
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  EdDSA: generateKeyPairSync('ed25519').privateKey,
}
const results: Record<string, { sign: number[]; verify: number[]; token: number[] }> = {}
for (let round = 0; round < rounds; round += 1) {
  for (const [alg, privateKey] of Object.entries(candidates)) {
    const key = signingKeyFromPem(pem(privateKey))
    const tokens = createAccessTokens({ keys: [key], issuer: 'wx-phone-login', audience: 'api', ttlSeconds: 900, clock })
    const token = tokens.sign(subject)
    const input = Buffer.from(token.slice(0, token.lastIndexOf('.')))
    const signature = Buffer.from(token.slice(token.lastIndexOf('.') + 1), 'base64url')
    const options = alg === 'ES256' ? { dsaEncoding: 'ieee-p1363' as const } : {}
    const digest = alg === 'ES256' ? 'sha256' : null
    const entry = (results[alg] ??= { sign: [], verify: [], token: [] })
    entry.sign.push(microseconds(() => sign(digest, input, { key: key.privateKey, ...options })))
    entry.verify.push(microseconds(() => verify(digest, input, { key: key.publicKey, ...options }, signature)))
    entry.token.push(microseconds(() => tokens.verify(token)))
  }
}
const range = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return `${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} µs (${sorted[0]!.toFixed(0)}–${sorted.at(-1)!.toFixed(0)})`
}
console.log(`Node ${process.version}, OpenSSL ${process.versions.openssl}; median (min–max) of ${rounds} rounds of ${iterations}`)
console.log('| algorithm | sign (per login, per refresh) | verify (signature only) | verify (whole token: header, signature, claims) |')
console.log('|---|---|---|---|')
for (const [alg, r] of Object.entries(results)) console.log(`| ${alg} | ${range(r.sign)} | ${range(r.verify)} | ${range(r.token)} |`)
