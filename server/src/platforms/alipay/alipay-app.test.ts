import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from '../../../test/support/fake-clock'
import type { CallContext, PlatformApp } from '../platform'
import { type RunningMock, serveMock } from '../mock-support/serve-mock'
import { createAlipayApp } from './alipay-app'
import { signText } from './alipay-sign'
import { createMockAlipay, type MockAlipay, sealPhoneResponse } from './mock'

const APPID = '2021000000000001'
const OTHER_APPID = '2021000000000002'
const appKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const otherAppKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const alipayKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const strangerKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const AES_KEY = randomBytes(16).toString('base64')
const OTHER_AES_KEY = randomBytes(32).toString('base64')
const privatePem = (k: typeof appKeys.privateKey) => k.export({ type: 'pkcs8', format: 'pem' }).toString()
const publicPem = (k: typeof appKeys.publicKey) => k.export({ type: 'spki', format: 'pem' }).toString()
const ctx: CallContext = { reqId: 'test' }

let running: RunningMock<MockAlipay>
let mock: MockAlipay
const clock = fakeClock(Date.now())

beforeAll(async () => {
  running = await serveMock(createMockAlipay({
    apps: [
      { appid: APPID, appPublicKey: appKeys.publicKey, aesKey: AES_KEY },
      { appid: OTHER_APPID, appPublicKey: otherAppKeys.publicKey, aesKey: OTHER_AES_KEY },
    ],
    alipayPrivateKey: alipayKeys.privateKey,
    clock,
  }))
  mock = running.mock
})
afterAll(() => running.close())
afterEach(() => mock.reset())

interface Overrides { appid?: string; privateKey?: string; alipayPublicKey?: string; aesKey?: string; gateway?: string; timeoutMs?: number }
function alipay(o: Overrides = {}): PlatformApp {
  return createAlipayApp(
    {
      appid: o.appid ?? APPID,
      privateKey: o.privateKey ?? privatePem(appKeys.privateKey),
      alipayPublicKey: o.alipayPublicKey ?? mock.alipayPublicKey,
      aesKey: o.aesKey ?? AES_KEY,
    },
    { gateway: o.gateway ?? `${running.url}/gateway.do`, timeoutMs: o.timeoutMs ?? 2000, clock },
  )
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (err: { code?: string }) => err.code ?? String(err))
const response = (r: string) => ({ kind: 'response' as const, response: r })

describe('Alipay login (alipay.system.oauth.token through the gateway)', () => {
  it('signs the request, verifies the signed answer, and names the user by open_id', async () => {
    const app = alipay()
    await expect(app.identify(mock.mintLoginCode('074openid-a'), ctx)).resolves.toEqual({ userId: '074openid-a' })
    expect(app.stats()['alipay.system.oauth.token']).toEqual({ ok: 1 })
  })

  it('names the user by user_id where the app has no open_id', async () => {
    await expect(alipay().identify(mock.mintLoginCode('2088000000000001', { idKind: 'user_id' }), ctx)).resolves.toEqual({ userId: '2088000000000001' })
  })

  it('refuses reused, unknown, expired and another app\'s codes as LOGIN_CODE_INVALID', async () => {
    const app = alipay()
    const code = mock.mintLoginCode()
    await app.identify(code, ctx)
    expect(await codeOf(app.identify(code, ctx))).toBe('LOGIN_CODE_INVALID')
    expect(await codeOf(app.identify('never-issued', ctx))).toBe('LOGIN_CODE_INVALID')
    expect(await codeOf(app.identify(mock.mintLoginCode(undefined, { appid: OTHER_APPID }), ctx))).toBe('LOGIN_CODE_INVALID')
    const old = mock.mintLoginCode()
    clock.advance(5 * 60_000)
    expect(await codeOf(app.identify(old, ctx))).toBe('LOGIN_CODE_INVALID')
    expect(app.stats()['alipay.system.oauth.token']).toEqual({ ok: 1, rejected: 4 })
  })

  it('answers a request signed with the wrong key, or an unknown app, as PLATFORM_MISCONFIGURED', async () => {
    expect(await codeOf(alipay({ privateKey: privatePem(strangerKeys.privateKey) }).identify(mock.mintLoginCode(), ctx))).toBe('PLATFORM_MISCONFIGURED')
    expect(await codeOf(alipay({ appid: '2021009999999999' }).identify(mock.mintLoginCode(), ctx))).toBe('PLATFORM_MISCONFIGURED')
  })

  it('answers a gateway answer that does not verify with alipayPublicKey as PLATFORM_MISCONFIGURED', async () => {
    const app = alipay({ alipayPublicKey: publicPem(strangerKeys.publicKey) })
    expect(await codeOf(app.identify(mock.mintLoginCode(), ctx))).toBe('PLATFORM_MISCONFIGURED')
    mock.failNext('alipay.system.oauth.token', 'badsign')
    expect(await codeOf(alipay().identify(mock.mintLoginCode(), ctx))).toBe('PLATFORM_MISCONFIGURED')
  })

  it.each([
    ['timeout', 'PLATFORM_UNAVAILABLE'],
    ['garbage', 'PLATFORM_UNAVAILABLE'],
    ['empty', 'PLATFORM_UNAVAILABLE'],
    ['http500', 'PLATFORM_UNAVAILABLE'],
    [{ code: '20000', sub_code: 'aop.unknow-error' }, 'PLATFORM_UNAVAILABLE'],
    [{ code: '40006', sub_code: 'isv.insufficient-isv-permissions' }, 'PLATFORM_MISCONFIGURED'],
  ] as const)('the gateway answering %j is %s, and the code is not sent again', async (fault, expected) => {
    const app = alipay({ timeoutMs: 300 })
    mock.failNext('alipay.system.oauth.token', fault)
    expect(await codeOf(app.identify(mock.mintLoginCode(), ctx))).toBe(expected)
    expect(mock.calls()['alipay.system.oauth.token']).toBe(1)
  })

  it('cuts the call to the request\'s deadline, and makes none when it has passed', async () => {
    const app = alipay({ timeoutMs: 5000 })
    mock.failNext('alipay.system.oauth.token', 'timeout')
    const started = performance.now()
    expect(await codeOf(app.identify(mock.mintLoginCode(), { deadline: clock.now() + 200 }))).toBe('PLATFORM_UNAVAILABLE')
    expect(performance.now() - started).toBeLessThan(2000)
    expect(await codeOf(app.identify(mock.mintLoginCode(), { deadline: clock.now() }))).toBe('PLATFORM_UNAVAILABLE')
    expect(mock.calls()['alipay.system.oauth.token']).toBe(1)
    expect(app.stats()['alipay.system.oauth.token']).toEqual({ unavailable: 1 })
  })

  it('verifies the answer node\'s exact text, wherever the sign sits and whatever the spacing', async () => {
    const node = '{"open_id":"074spaced","access_token":"x", "note":"a \\"}\\" inside"}'
    const fake = new Hono()
    fake.post('/gateway.do', (c) => c.body(`{ "sign" : "${signText(node, alipayKeys.privateKey)}",\n "alipay_system_oauth_token_response" : ${node} }`))
    const served = await serveMock({ app: fake, releaseHung: () => undefined })
    try {
      await expect(alipay({ gateway: `${served.url}/gateway.do` }).identify('any', ctx)).resolves.toEqual({ userId: '074spaced' })
    } finally {
      await served.close()
    }
  })
})

describe('Alipay phone response (my.getPhoneNumber)', () => {
  it('verifies and decrypts the response; the same number always gives the same response', async () => {
    const app = alipay()
    const r = mock.mintPhoneResponse('13800138000')
    await expect(app.phoneNumber(response(r), ctx)).resolves.toEqual({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' })
    expect(mock.mintPhoneResponse('13800138000')).toBe(r)
    // No nonce: a response seen once works again (why phone-login also needs the loginCode).
    await expect(app.phoneNumber(response(r), ctx)).resolves.toMatchObject({ purePhoneNumber: '13800138000' })
    expect(app.stats().phone_response).toEqual({ ok: 2 })
  })

  it('works with a 256-bit AES key', async () => {
    const app = alipay({ appid: OTHER_APPID, privateKey: privatePem(otherAppKeys.privateKey), aesKey: OTHER_AES_KEY })
    await expect(app.phoneNumber(response(mock.mintPhoneResponse('13900139000', { appid: OTHER_APPID })), ctx)).resolves.toMatchObject({ purePhoneNumber: '13900139000' })
  })

  const good = () => JSON.parse(mock.mintPhoneResponse('13800138000')) as Record<string, string>
  const flip = (b64: string, at: number) => {
    const bytes = Buffer.from(b64, 'base64')
    bytes[at] = bytes[at]! ^ 0x01
    return bytes.toString('base64')
  }
  const seal = (content: object, aesKey = AES_KEY) => sealPhoneResponse(content, aesKey, alipayKeys.privateKey)

  it.each([
    ['a tampered ciphertext', () => JSON.stringify({ ...good(), response: flip(good().response!, 3) })],
    ['a tampered signature', () => JSON.stringify({ ...good(), sign: flip(good().sign!, 10) })],
    ['a signature over the unquoted ciphertext', () => JSON.stringify({ ...good(), sign: signText(good().response!, alipayKeys.privateKey) })],
    ['a response signed by someone else', () => sealPhoneResponse({ code: '10000', mobile: '13800138000' }, AES_KEY, strangerKeys.privateKey)],
    ['another app\'s response (another AES key)', () => mock.mintPhoneResponse('13800138000', { appid: OTHER_APPID })],
    ['code 40003 (isv.invalid-auth-relations)', () => seal({ code: '40003', msg: 'Insufficient Conditions', subCode: 'isv.invalid-auth-relations' })],
    ['code 20000', () => seal({ code: '20000', msg: 'Service Currently Unavailable', subCode: 'aop.unknow-error' })],
    ['a mobile with other characters', () => seal({ code: '10000', msg: 'Success', mobile: '138-0013-8000' })],
    ['no mobile', () => seal({ code: '10000', msg: 'Success' })],
    ['sign_type RSA (SHA-1)', () => JSON.stringify({ ...good(), sign_type: 'RSA' })],
    ['an unencrypted error report', () => JSON.stringify({ response: { code: '40003', msg: 'Insufficient Conditions' }, sign: 'x' })],
    ['not JSON', () => 'not json'],
    ['no sign', () => JSON.stringify({ response: good().response })],
    ['a number code', () => seal({ code: 10000, msg: 'Success', mobile: '13800138000' })],
  ])('refuses %s as PHONE_CODE_INVALID', async (_name, make) => {
    const app = alipay()
    expect(await codeOf(app.phoneNumber(response(make()), ctx))).toBe('PHONE_CODE_INVALID')
    expect(app.stats().phone_response).toEqual({ rejected: 1 })
  })

  it('refuses a Douyin/WeChat-style code for an Alipay app', async () => {
    expect(await codeOf(alipay().phoneNumber({ kind: 'code', code: 'x' }, ctx))).toBe('VALIDATION_FAILED')
  })
})

describe('Alipay app configuration', () => {
  it('refuses unreadable keys at once, naming the app and the field', () => {
    expect(() => alipay({ privateKey: 'nope' })).toThrow(/alipay app 2021000000000001: privateKey/)
    expect(() => alipay({ alipayPublicKey: 'nope' })).toThrow(/alipay app 2021000000000001: alipayPublicKey/)
    expect(() => alipay({ aesKey: 'c2hvcnQ=' })).toThrow(/alipay app 2021000000000001: aesKey/)
  })

  it('accepts keys as the bare base64 Alipay\'s tools hand out', async () => {
    const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '')
    const app = alipay({ privateKey: bare(privatePem(appKeys.privateKey)), alipayPublicKey: bare(mock.alipayPublicKey) })
    await expect(app.identify(mock.mintLoginCode('074bare'), ctx)).resolves.toEqual({ userId: '074bare' })
    expect(createPrivateKey(privatePem(appKeys.privateKey)).asymmetricKeyType).toBe('rsa')
  })
})
