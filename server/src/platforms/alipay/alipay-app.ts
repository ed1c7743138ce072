import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { ApiError } from '../../api-error'
import type { Clock } from '../../clock'
import type { Logger } from '../../logger'
import type { PlatformApp } from '../platform'
import { phoneCodeInvalid } from '../upstream/platform-errors'
import { createUpstreamHttp } from '../upstream/upstream-http'
import { createPlatformStats } from '../upstream/upstream-stats'
import { ALIPAY_ENDPOINTS } from './alipay-errors'
import { createOauthToken } from './oauth-token'
import { openPhoneResponse, readAesKey } from './phone-response'

export const DEFAULT_ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do'

export interface AlipayAppConfig {
  appid: string
  /** The app's private key (RSA2, PEM): signs gateway requests. Its public half is set in Alipay's console. */
  privateKey: string
  /** Alipay's public key (PEM, from the console): verifies gateway answers and phone responses. */
  alipayPublicKey: string
  /** The app's AES key (接口内容加密方式, base64): decrypts phone responses. */
  aesKey: string
}

export interface AlipayAppDeps {
  /** ALIPAY_GATEWAY: the gateway URL. */
  gateway?: string
  timeoutMs: number
  clock: Clock
  logger?: Logger
}

/** One Alipay mini program. Makes no call until asked; throws at once on a key it cannot read, naming the app and the field. */
export function createAlipayApp(app: AlipayAppConfig, deps: AlipayAppDeps): PlatformApp {
  const keys = readKeys(app)
  const stats = createPlatformStats('alipay', app.appid, ALIPAY_ENDPOINTS, deps.logger)
  const identify = createOauthToken({
    appid: app.appid,
    gateway: new URL(deps.gateway ?? DEFAULT_ALIPAY_GATEWAY),
    privateKey: keys.privateKey,
    alipayPublicKey: keys.alipayPublicKey,
    http: createUpstreamHttp(),
    clock: deps.clock,
    stats,
    timeoutMs: deps.timeoutMs,
  })

  return {
    platform: 'alipay',
    appid: app.appid,
    identify,
    async phoneNumber(proof, ctx) {
      if (proof.kind !== 'response') throw new ApiError('VALIDATION_FAILED', 'phoneResponse: required for an Alipay app.')
      const started = performance.now()
      // Nothing upstream is called: the response is checked here. It is never logged (it is replayable).
      const opened = openPhoneResponse(proof.response, keys)
      const durationMs = performance.now() - started
      if (!opened.ok) {
        stats.record({ endpoint: 'phone_response', outcome: 'rejected', durationMs, reason: opened.reason, reqId: ctx.reqId })
        throw phoneCodeInvalid('Alipay')
      }
      stats.record({ endpoint: 'phone_response', outcome: 'ok', durationMs, reqId: ctx.reqId })
      return opened.phone
    },
    stats: stats.snapshot,
  }
}

function readKeys(app: AlipayAppConfig): { privateKey: KeyObject; alipayPublicKey: KeyObject; aesKey: Buffer } {
  const field = (name: string, read: () => KeyObject): KeyObject => {
    try {
      const key = read()
      if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA')
      return key
    } catch {
      throw new Error(`alipay app ${app.appid}: ${name} is not an RSA ${name === 'privateKey' ? 'private' : 'public'} key in PEM`)
    }
  }
  const privateKey = field('privateKey', () => createPrivateKey(asPem(app.privateKey, 'PRIVATE KEY')))
  const alipayPublicKey = field('alipayPublicKey', () => createPublicKey(asPem(app.alipayPublicKey, 'PUBLIC KEY')))
  const aesKey = readAesKey(app.aesKey)
  if (!aesKey) throw new Error(`alipay app ${app.appid}: aesKey is not a base64 AES key of 16, 24 or 32 bytes`)
  return { privateKey, alipayPublicKey, aesKey }
}

/** Alipay's console and key tool hand out keys as bare base64 (PKCS#8 / SPKI): accept those as well as PEM. */
function asPem(text: string, label: 'PRIVATE KEY' | 'PUBLIC KEY'): string {
  if (text.includes('-----BEGIN')) return text
  const body = text.replace(/\s+/g, '')
  return `-----BEGIN ${label}-----\n${(body.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`
}
