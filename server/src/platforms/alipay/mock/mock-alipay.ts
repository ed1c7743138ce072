import { createCipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { parsePhone } from '../../weixin/mock/phone-format'
import { type Clock, systemClock } from '../../../clock'
import { createFaultQueue, createHangs, HTML_ERROR_PAGE, type TransportFault } from '../../mock-support/mock-faults'
import { createOneTimeCodes } from '../../mock-support/one-time-codes'
import { signingString, signText, verifyText } from '../alipay-sign'

export const ALIPAY_MOCK_ENDPOINTS = ['alipay.system.oauth.token'] as const
export type AlipayMockEndpoint = (typeof ALIPAY_MOCK_ENDPOINTS)[number]
/**
 * A gateway error `{code, sub_code}` as Alipay answers it (HTTP 200, `error_response`, signed), a transport
 * fault, or 'badsign': a success answer whose signature does not verify.
 */
export type AlipayFault = { code: string; sub_code?: string } | TransportFault | 'badsign'

export interface MockAlipayApp {
  appid: string
  /** The app's public key (as set in Alipay's console): the mock checks request signatures with it. */
  appPublicKey: string | KeyObject
  /** The app's AES key (base64): phone responses are encrypted with it. */
  aesKey: string
}

export interface MockAlipayOptions {
  apps: MockAlipayApp[]
  /** Alipay's own signing key; one is made when not given (read its public half from `alipayPublicKey`). */
  alipayPrivateKey?: KeyObject
  clock?: Clock
  hangMs?: number
}

export interface MockAlipay {
  /** The gateway at `/gateway.do` (mount at any base path). */
  app: Hono
  /** Alipay's public key (PEM), for the apps' `alipayPublicKey`. */
  alipayPublicKey: string
  /**
   * A my.getAuthCode code. Without `user`, a new user; the same user is always the same. `idKind` 'user_id'
   * answers as an app without open_id does (only the 2088… user_id).
   */
  mintLoginCode(user?: string, opts?: { appid?: string; idKind?: 'open_id' | 'user_id' }): string
  /** `res.response` of my.getPhoneNumber for a mainland mobile number: the same number gives the same response. */
  mintPhoneResponse(phone: string, opts?: { appid?: string }): string
  calls(): Record<AlipayMockEndpoint, number>
  failNext(endpoint: AlipayMockEndpoint, fault: AlipayFault, times?: number): void
  reset(): void
  releaseHung(): void
}

const RESPONSE_KEY = 'alipay_system_oauth_token_response'
const SUB_MSG: Record<string, string> = {
  'isv.code-invalid': '授权码code无效',
  'isv.invalid-signature': '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配',
  'isv.invalid-app-id': '无效的AppID参数',
  'isv.missing-signature': '缺少签名参数',
  'isv.invalid-method': '不存在的方法名',
  'isv.grant-type-invalid': 'grant_type参数不正确',
  'aop.unknow-error': '系统繁忙',
}

/**
 * A mock of Alipay's open-platform gateway for `alipay.system.oauth.token` and of my.getPhoneNumber's
 * response, as documented: requests signed RSA2 by the app and checked here, answers signed by "Alipay"
 * over the response node's JSON text, codes that live 5 minutes and work once, phone responses AES-CBC
 * (zero IV) encrypted with the app's AES key and signed over the quoted ciphertext.
 */
export function createMockAlipay(opts: MockAlipayOptions): MockAlipay {
  const clock = opts.clock ?? systemClock
  const alipayKey = opts.alipayPrivateKey ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  const apps = new Map(opts.apps.map((a) => [a.appid, {
    ...a, key: typeof a.appPublicKey === 'string' ? createPublicKey(a.appPublicKey) : a.appPublicKey,
  }]))
  const firstApp = opts.apps[0]?.appid
  if (firstApp === undefined) throw new Error('mock Alipay needs at least one app')
  const codes = createOneTimeCodes<{ appid: string; user: string; idKind: 'open_id' | 'user_id' }>(clock)
  const faults = createFaultQueue<AlipayMockEndpoint, AlipayFault>()
  const hangs = createHangs()
  let counts = { 'alipay.system.oauth.token': 0 }
  const seed = randomBytes(16)
  let users = 0

  /** The answer as Alipay writes it: the node's JSON text, and a signature over exactly that text. */
  function signed(c: Context, key: string, node: object, tamper = false): Response {
    const text = JSON.stringify(node)
    const sign = signText(tamper ? `${text} ` : text, alipayKey)
    return c.body(`{"${key}":${text},"sign":"${sign}"}`, 200, { 'content-type': 'text/html;charset=utf-8' })
  }
  const gatewayError = (c: Context, code: string, subCode?: string) => signed(c, 'error_response', {
    code,
    msg: code === '20000' ? 'Service Currently Unavailable' : 'Invalid Arguments',
    ...(subCode === undefined ? {} : { sub_code: subCode, sub_msg: SUB_MSG[subCode] ?? subCode }),
  })

  const app = new Hono()
  app.all('/gateway.do', async (c) => {
    // Alipay takes parameters from the query string and the form body alike.
    const params: Record<string, string> = { ...c.req.query() }
    if (c.req.method === 'POST') for (const [k, v] of new URLSearchParams(await c.req.text())) params[k] = v
    if (params.method !== 'alipay.system.oauth.token') return gatewayError(c, '40002', 'isv.invalid-method')
    counts['alipay.system.oauth.token'] += 1
    const fault = faults.take('alipay.system.oauth.token')
    if (fault === 'timeout') {
      await hangs.hang(opts.hangMs ?? 120_000)
      return gatewayError(c, '20000', 'aop.unknow-error')
    }
    if (fault === 'garbage') return c.body(HTML_ERROR_PAGE, 200, { 'content-type': 'application/json' })
    if (fault === 'empty') return c.json({})
    if (fault === 'http500') return c.body(HTML_ERROR_PAGE, 500, { 'content-type': 'text/html' })
    if (typeof fault === 'object') return gatewayError(c, fault.code, fault.sub_code)

    const client = apps.get(params.app_id ?? '')
    if (!client) return gatewayError(c, '40002', 'isv.invalid-app-id')
    if (!params.sign) return gatewayError(c, '40001', 'isv.missing-signature')
    if (params.sign_type !== 'RSA2' || !verifyText(signingString(params), params.sign, client.key)) {
      return gatewayError(c, '40002', 'isv.invalid-signature')
    }
    if (params.grant_type !== 'authorization_code') return gatewayError(c, '40002', 'isv.grant-type-invalid')
    const redeemed = codes.redeem(params.code ?? '', (g) => g.appid === client.appid)
    if (!redeemed.ok) return gatewayError(c, '40002', 'isv.code-invalid')
    const { user, idKind } = redeemed.grant
    return signed(c, RESPONSE_KEY, {
      ...(idKind === 'open_id' ? { open_id: user } : { user_id: user }),
      access_token: `authusrB${randomBytes(16).toString('hex')}`,
      expires_in: 1296000,
      refresh_token: `authusrB${randomBytes(16).toString('hex')}`,
      re_expires_in: 2592000,
      auth_start: new Date(clock.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '),
    }, fault === 'badsign')
  })

  function freshUser(idKind: 'open_id' | 'user_id'): string {
    users += 1
    const digest = createHash('sha256').update(seed).update(String(users)).digest()
    // open_id: 074… and 40-odd characters; user_id: 2088 and 12 digits.
    return idKind === 'open_id'
      ? `074${digest.toString('base64url').slice(0, 40)}`
      : `2088${BigInt(`0x${digest.toString('hex').slice(0, 12)}`).toString().padStart(12, '0').slice(-12)}`
  }

  return {
    app,
    alipayPublicKey: createPublicKey(alipayKey).export({ type: 'spki', format: 'pem' }).toString(),
    mintLoginCode(user, o = {}) {
      const idKind = o.idKind ?? 'open_id'
      return codes.issue({ appid: o.appid ?? firstApp, user: user ?? freshUser(idKind), idKind })
    },
    mintPhoneResponse(phone, o = {}) {
      const parts = parsePhone(phone)
      if (parts.countryCode !== '86') throw new Error(`Alipay hands out mainland numbers only: ${JSON.stringify(phone)}`)
      const client = apps.get(o.appid ?? firstApp)
      if (!client) throw new Error(`unknown Alipay app ${o.appid}`)
      return sealPhoneResponse({ code: '10000', msg: 'Success', mobile: parts.purePhoneNumber }, client.aesKey, alipayKey)
    },
    calls: () => ({ ...counts }),
    failNext: (endpoint, fault, times) => faults.add(endpoint, fault, times),
    reset() {
      codes.reset()
      faults.reset()
      counts = { 'alipay.system.oauth.token': 0 }
      hangs.releaseAll()
    },
    releaseHung: () => hangs.releaseAll(),
  }
}

/**
 * my.getPhoneNumber's `res.response` for `content`: AES-CBC (PKCS#7, zero IV) with the app's AES key, signed
 * by Alipay (RSA-SHA256) over the base64 ciphertext in double quotes. Exported for tests' own fakes.
 */
export function sealPhoneResponse(content: object, aesKeyBase64: string, alipayPrivateKey: KeyObject | string): string {
  const key = Buffer.from(aesKeyBase64, 'base64')
  const cipher = createCipheriv(`aes-${key.length * 8}-cbc`, key, Buffer.alloc(16))
  const response = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]).toString('base64')
  const signer = typeof alipayPrivateKey === 'string' ? createPrivateKey(alipayPrivateKey) : alipayPrivateKey
  return JSON.stringify({ response, sign: signText(`"${response}"`, signer), sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8' })
}
