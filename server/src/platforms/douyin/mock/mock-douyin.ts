import { constants, createHash, createPublicKey, type KeyObject, publicEncrypt, randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import * as z from 'zod/mini'
import { parsePhone, type PhoneParts } from '../../weixin/mock/phone-format'
import { type Clock, systemClock } from '../../../clock'
import { readJsonBody } from '../../../http/json-body'
import { createOneTimeCodes } from '../../mock-support/one-time-codes'
import { createFaultQueue, createHangs, HTML_ERROR_PAGE, type TransportFault } from '../../mock-support/mock-faults'

export const DOUYIN_MOCK_ENDPOINTS = ['token', 'jscode2session', 'get_phonenumber_info'] as const
export type DouyinMockEndpoint = (typeof DOUYIN_MOCK_ENDPOINTS)[number]
/** A number: that err_no as Douyin answers it (HTTP 200, `{err_no, err_tips}`); or a transport fault. */
export type DouyinFault = number | TransportFault

export interface MockDouyinApp {
  appid: string
  secret: string
  /** The 应用公钥 set in the console: phone data is encrypted to it (PEM, or a key object). */
  publicKey: string | KeyObject
}

export interface MockDouyinOptions {
  apps: MockDouyinApp[]
  clock?: Clock
  /** Upper bound on how long a 'timeout' fault holds a request (released earlier by reset/releaseHung). */
  hangMs?: number
}

export interface MockDouyin {
  /** The three Douyin endpoints with their real paths; mount at any base path. */
  app: Hono
  /** A tt.login code. Without openid, a new user; the same openid is always the same user (and unionid). */
  mintLoginCode(openid?: string, opts?: { unionid?: string; appid?: string }): string
  /** A getPhoneNumber `e.detail.code` for `13800138000`, `+8613800138000`, or a bare number plus countryCode. */
  mintPhoneCode(phone: string, opts?: { appid?: string; watermarkAppid?: string; countryCode?: string }): string
  calls(): Record<DouyinMockEndpoint, number>
  failNext(endpoint: DouyinMockEndpoint, fault: DouyinFault, times?: number): void
  reset(): void
  releaseHung(): void
}

const TOKEN_LIFE_S = 7200
const ERR_TIPS: Record<number, string> = {
  [-1]: '系统错误',
  40014: 'bad params',
  40015: 'bad appid',
  40017: 'bad secret',
  40018: 'bad code',
  28001003: 'access_token 无效',
  28001008: 'access_token 已过期',
  28005187: 'code 无效或已过期',
}

type Grant =
  | { kind: 'login'; appid: string; openid: string; unionid: string }
  | { kind: 'phone'; appid: string; phone: PhoneParts; watermarkAppid: string }

const anyValue = z.optional(z.unknown())
const tokenBody = z.object({ appid: anyValue, secret: anyValue, grant_type: anyValue })
const sessionBody = z.object({ appid: anyValue, secret: anyValue, code: anyValue, anonymous_code: anyValue })
const phoneBody = z.object({ code: anyValue })

/**
 * A mock of Douyin's server API for mini programs, as documented: every answer `{err_no, err_tips, data}`
 * with HTTP 200; client tokens live 2 hours; codes live 5 minutes and work once; phone data is the JSON
 * encrypted with RSA PKCS#1 v1.5 to the app's 应用公钥 and base64-encoded.
 */
export function createMockDouyin(opts: MockDouyinOptions): MockDouyin {
  const clock = opts.clock ?? systemClock
  const apps = new Map(opts.apps.map((a) => [a.appid, { ...a, key: typeof a.publicKey === 'string' ? createPublicKey(a.publicKey) : a.publicKey }]))
  const firstApp = opts.apps[0]?.appid
  if (firstApp === undefined) throw new Error('mock Douyin needs at least one app')
  const codes = createOneTimeCodes<Grant>(clock)
  const tokens = new Map<string, { appid: string; expiresAt: number }>()
  const unionids = new Map<string, string>()
  const faults = createFaultQueue<DouyinMockEndpoint, DouyinFault>()
  const hangs = createHangs()
  let counts = zeroCounts()
  const seed = randomBytes(16)
  let users = 0

  const answer = (c: Context, errNo: number, data: unknown = {}) =>
    c.json(errNo === 0 ? { err_no: 0, err_tips: 'success', log_id: logId(), data } : { err_no: errNo, err_tips: ERR_TIPS[errNo] ?? 'error', log_id: logId() })
  const badParams = (c: Context) => ({ invalid: () => new HTTPException(200, { res: answer(c, 40014) }), forbiddenKeys: 'allow' as const })

  async function guarded(endpoint: DouyinMockEndpoint, c: Context, handler: () => Promise<Response> | Response): Promise<Response> {
    counts[endpoint] += 1
    const fault = faults.take(endpoint)
    if (fault === undefined) return handler()
    switch (fault) {
      case 'timeout':
        await hangs.hang(opts.hangMs ?? 120_000)
        return answer(c, -1)
      case 'garbage':
        return c.body(HTML_ERROR_PAGE, 200, { 'content-type': 'application/json' })
      case 'empty':
        return c.json({})
      case 'http500':
        return c.body(HTML_ERROR_PAGE, 500, { 'content-type': 'text/html' })
      default:
        return answer(c, fault)
    }
  }

  function credentials(appid: unknown, secret: unknown): number | undefined {
    if (typeof appid !== 'string' || appid === '' || typeof secret !== 'string' || secret === '') return 40014
    const app = apps.get(appid)
    if (!app) return 40015
    return app.secret === secret ? undefined : 40017
  }

  const app = new Hono()
  app.onError((err) => {
    if (err instanceof HTTPException) return err.getResponse()
    throw err
  })

  app.post('/api/apps/v2/token', (c) => guarded('token', c, async () => {
    const body = await readJsonBody(c, tokenBody, badParams(c))
    const rejected = credentials(body.appid, body.secret) ?? (body.grant_type === 'client_credential' ? undefined : 40014)
    if (rejected !== undefined) return answer(c, rejected)
    const token = `clt.${randomBytes(24).toString('hex')}`
    tokens.set(token, { appid: body.appid as string, expiresAt: clock.now() + TOKEN_LIFE_S * 1000 })
    return answer(c, 0, { access_token: token, expires_in: TOKEN_LIFE_S, expiresAt: Math.floor(clock.now() / 1000) + TOKEN_LIFE_S })
  }))

  app.post('/api/apps/v2/jscode2session', (c) => guarded('jscode2session', c, async () => {
    const body = await readJsonBody(c, sessionBody, badParams(c))
    const rejected = credentials(body.appid, body.secret)
      ?? (typeof body.code === 'string' && body.code !== '' ? undefined : 40014)
    if (rejected !== undefined) return answer(c, rejected)
    const redeemed = codes.redeem(body.code as string, (g) => g.kind === 'login' && g.appid === body.appid)
    if (!redeemed.ok || redeemed.grant.kind !== 'login') return answer(c, 40018)
    const { openid, unionid } = redeemed.grant
    return answer(c, 0, { session_key: randomBytes(16).toString('base64'), openid, anonymous_openid: '', unionid })
  }))

  const phone = (c: Context) => guarded('get_phonenumber_info', c, async () => {
    // The client token is checked before the code, so a token error never consumes the code.
    const token = c.req.header('access-token')
    const held = token === undefined ? undefined : tokens.get(token)
    if (!held) return answer(c, 28001003)
    if (held.expiresAt <= clock.now()) return answer(c, 28001008)
    const body = await readJsonBody(c, phoneBody, badParams(c))
    if (typeof body.code !== 'string' || body.code === '') return answer(c, 40014)
    const redeemed = codes.redeem(body.code, (g) => g.kind === 'phone')
    if (!redeemed.ok || redeemed.grant.kind !== 'phone') return answer(c, 28005187)
    const { phone: parts, watermarkAppid } = redeemed.grant
    const plain = JSON.stringify({ ...parts, watermark: { appid: watermarkAppid, timestamp: Math.floor(redeemed.issuedAt / 1000) } })
    // Encrypted to the key of the app whose token asked: a code from another app shows in the watermark.
    return answer(c, 0, encrypt(apps.get(held.appid)!.key, Buffer.from(plain, 'utf8')))
  })
  app.post('/api/apps/v1/get_phonenumber_info/', phone)
  app.post('/api/apps/v1/get_phonenumber_info', phone)

  function resolveUnionid(openid: string, unionid?: string): string {
    const known = unionids.get(openid)
    if (known !== undefined) return known
    const fresh = unionid ?? `${createHash('sha256').update(seed).update(`u:${openid}`).digest('hex').slice(0, 8)}-${randomBytes(12).toString('hex')}`
    unionids.set(openid, fresh)
    return fresh
  }

  return {
    app,
    mintLoginCode(openid, o = {}) {
      users += 1
      const id = openid ?? `_000${createHash('sha256').update(seed).update(String(users)).digest('base64url').slice(0, 40)}`
      return codes.issue({ kind: 'login', appid: o.appid ?? firstApp, openid: id, unionid: resolveUnionid(id, o.unionid) })
    },
    mintPhoneCode(phoneNumber, o = {}) {
      const appid = o.appid ?? firstApp
      return codes.issue({ kind: 'phone', appid, phone: parsePhone(phoneNumber, o.countryCode), watermarkAppid: o.watermarkAppid ?? appid })
    },
    calls: () => ({ ...counts }),
    failNext: (endpoint, fault, times) => faults.add(endpoint, fault, times),
    reset() {
      codes.reset()
      tokens.clear()
      unionids.clear()
      faults.reset()
      counts = zeroCounts()
      hangs.releaseAll()
    },
    releaseHung: () => hangs.releaseAll(),
  }
}

/** RSA PKCS#1 v1.5 to the public key, in blocks when the text is longer than one block holds. */
function encrypt(key: KeyObject, plain: Buffer): string {
  const blockBytes = (key.asymmetricKeyDetails?.modulusLength ?? 2048) / 8
  const room = blockBytes - 11
  const blocks: Buffer[] = []
  for (let offset = 0; offset < plain.length; offset += room) {
    blocks.push(publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plain.subarray(offset, offset + room)))
  }
  return Buffer.concat(blocks).toString('base64')
}

function logId(): string {
  return randomBytes(12).toString('hex').toUpperCase()
}

function zeroCounts(): Record<DouyinMockEndpoint, number> {
  return { token: 0, jscode2session: 0, get_phonenumber_info: 0 }
}
