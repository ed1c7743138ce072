import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto'
import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from '../../../test/support/fake-clock'
import { createMemoryTokenStore } from '../memory-token-store'
import type { CallContext, PlatformApp } from '../platform'
import { type RunningMock, serveMock } from '../mock-support/serve-mock'
import { createDouyinApp } from './douyin-app'
import { createMockDouyin, type MockDouyin } from './mock'

const APPID = 'tt0123456789abcdef'
const SECRET = 'douyin-secret-0123456789'
const OTHER_APPID = 'tt_other_app_000001'
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = (k: typeof keys.privateKey) => k.export({ type: 'pkcs8', format: 'pem' }).toString()
const ctx: CallContext = { reqId: 'test' }

let running: RunningMock<MockDouyin>
let mock: MockDouyin
const clock = fakeClock(Date.now())

beforeAll(async () => {
  running = await serveMock(createMockDouyin({
    apps: [
      { appid: APPID, secret: SECRET, publicKey: keys.publicKey },
      { appid: OTHER_APPID, secret: 'other-secret', publicKey: otherKeys.publicKey },
    ],
    clock,
  }))
  mock = running.mock
})
afterAll(() => running.close())
afterEach(() => mock.reset())

function douyin(o: { privateKey?: string; timeoutMs?: number; apiBase?: string; appid?: string; secret?: string } = {}): PlatformApp {
  return createDouyinApp(
    { appid: o.appid ?? APPID, secret: o.secret ?? SECRET, privateKey: o.privateKey ?? pem(keys.privateKey) },
    { apiBase: o.apiBase ?? running.url, timeoutMs: o.timeoutMs ?? 2000, clock, tokenStore: createMemoryTokenStore(clock) },
  )
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (err: { code?: string }) => err.code ?? String(err))

describe('Douyin login (jscode2session v2)', () => {
  it('turns a tt.login code into the user (openid) and Douyin\'s unionid', async () => {
    const app = douyin()
    const code = mock.mintLoginCode('_000user-a', { unionid: 'union-a' })
    await expect(app.identify(code, ctx)).resolves.toEqual({ userId: '_000user-a', unionid: 'union-a' })
    expect(app.stats().jscode2session).toEqual({ ok: 1 })
  })

  it('refuses a reused, an expired, an unknown and another app\'s code as LOGIN_CODE_INVALID', async () => {
    const app = douyin()
    const code = mock.mintLoginCode()
    await app.identify(code, ctx)
    expect(await codeOf(app.identify(code, ctx))).toBe('LOGIN_CODE_INVALID')
    expect(await codeOf(app.identify('never-issued', ctx))).toBe('LOGIN_CODE_INVALID')
    expect(await codeOf(app.identify(mock.mintLoginCode(undefined, { appid: OTHER_APPID }), ctx))).toBe('LOGIN_CODE_INVALID')
    const old = mock.mintLoginCode()
    clock.advance(5 * 60_000)
    expect(await codeOf(app.identify(old, ctx))).toBe('LOGIN_CODE_INVALID')
    expect(app.stats().jscode2session).toEqual({ ok: 1, rejected: 4 })
  })

  it('sends a double-tapped code once', async () => {
    const app = douyin()
    const code = mock.mintLoginCode('_000twice')
    const [a, b] = await Promise.all([app.identify(code, ctx), app.identify(code, ctx)])
    expect(a).toEqual(b)
    expect(mock.calls().jscode2session).toBe(1)
  })

  it('answers a wrong secret as PLATFORM_MISCONFIGURED and Douyin trouble as PLATFORM_UNAVAILABLE', async () => {
    expect(await codeOf(douyin({ secret: 'wrong' }).identify(mock.mintLoginCode(), ctx))).toBe('PLATFORM_MISCONFIGURED')
    expect(await codeOf(douyin({ appid: 'tt_unknown' }).identify(mock.mintLoginCode(), ctx))).toBe('PLATFORM_MISCONFIGURED')
    const app = douyin()
    mock.failNext('jscode2session', -1)
    expect(await codeOf(app.identify(mock.mintLoginCode(), ctx))).toBe('PLATFORM_UNAVAILABLE')
    expect(app.stats().jscode2session).toEqual({ unavailable: 1 })
  })
})

describe('Douyin phone number (get_phonenumber_info)', () => {
  it('decrypts the number with the app\'s private key and checks the watermark', async () => {
    const app = douyin()
    await expect(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138000') }, ctx)).resolves.toEqual({
      phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86',
    })
    await expect(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('+85261234567') }, ctx)).resolves.toEqual({
      phoneNumber: '+85261234567', purePhoneNumber: '61234567', countryCode: '852',
    })
    expect(app.stats()).toEqual({ token: { ok: 1 }, jscode2session: {}, get_phonenumber_info: { ok: 2 } })
  })

  it('refuses reused, unknown, expired and foreign codes as PHONE_CODE_INVALID', async () => {
    const app = douyin()
    const code = mock.mintPhoneCode('13800138001')
    await app.phoneNumber({ kind: 'code', code }, ctx)
    const refused = async (c: string) => codeOf(app.phoneNumber({ kind: 'code', code: c }, ctx))
    expect(await refused(code)).toBe('PHONE_CODE_INVALID')
    expect(await refused('never-issued')).toBe('PHONE_CODE_INVALID')
    // Issued in another app of ours, or a watermark naming someone else: the number was not proved to this app.
    expect(await refused(mock.mintPhoneCode('13800138001', { appid: OTHER_APPID }))).toBe('PHONE_CODE_INVALID')
    expect(await refused(mock.mintPhoneCode('13800138001', { watermarkAppid: 'tt_foreign' }))).toBe('PHONE_CODE_INVALID')
    const old = mock.mintPhoneCode('13800138001')
    clock.advance(5 * 60_000)
    expect(await refused(old)).toBe('PHONE_CODE_INVALID')
    expect(app.stats().get_phonenumber_info).toEqual({ ok: 1, rejected: 5 })
  })

  it('answers data that does not decrypt with the configured key as PLATFORM_MISCONFIGURED', async () => {
    const app = douyin({ privateKey: pem(otherKeys.privateKey) })
    expect(await codeOf(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138000') }, ctx))).toBe('PLATFORM_MISCONFIGURED')
    expect(app.stats().get_phonenumber_info).toEqual({ misconfigured: 1 })
  })

  it('refuses a private key it cannot read at once, naming the app', () => {
    expect(() => douyin({ privateKey: 'not a key' })).toThrow(/douyin app tt0123456789abcdef: privateKey/)
  })

  it('refuses an Alipay-style phone response for a Douyin app', async () => {
    expect(await codeOf(douyin().phoneNumber({ kind: 'response', response: '{}' }, ctx))).toBe('VALIDATION_FAILED')
  })
})

describe('Douyin client token', () => {
  it('is fetched once for many calls, by one request however many wait, and again shortly before it expires', async () => {
    const app = douyin()
    await Promise.all(['13800138010', '13800138011', '13800138012', '13800138013'].map((p) =>
      app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode(p) }, ctx)))
    expect(mock.calls().token).toBe(1)
    clock.advance(7200_000 - 300_000 - 1000)
    await app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138014') }, ctx)
    expect(mock.calls().token).toBe(1)
    clock.advance(2000)
    await app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138015') }, ctx)
    expect(mock.calls().token).toBe(2)
  })

  it('is shared through the TokenStore: a second instance on the same store fetches none', async () => {
    const store = createMemoryTokenStore(clock)
    const deps = { apiBase: running.url, timeoutMs: 2000, clock, tokenStore: store }
    const config = { appid: APPID, secret: SECRET, privateKey: pem(keys.privateKey) }
    const [a, b] = [createDouyinApp(config, deps), createDouyinApp(config, deps)]
    await a.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138020') }, ctx)
    await b.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138021') }, ctx)
    expect(mock.calls().token).toBe(1)
  })

  it('rejected by Douyin (28001008, 28001003): dropped, fetched again and the call retried once, the code still good', async () => {
    const app = douyin()
    await app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138030') }, ctx)
    mock.failNext('get_phonenumber_info', 28001008)
    await expect(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138031') }, ctx)).resolves.toMatchObject({ purePhoneNumber: '13800138031' })
    expect(mock.calls()).toMatchObject({ token: 2, get_phonenumber_info: 3 })
    mock.failNext('get_phonenumber_info', 28001003, 2)
    expect(await codeOf(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138032') }, ctx))).toBe('PLATFORM_UNAVAILABLE')
    expect(app.stats().get_phonenumber_info).toEqual({ ok: 2, token_expired: 3 })
  })

  it('refused for a wrong secret is PLATFORM_MISCONFIGURED, and is tried again on the next call', async () => {
    const app = douyin({ secret: 'wrong-secret' })
    expect(await codeOf(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138040') }, ctx))).toBe('PLATFORM_MISCONFIGURED')
    expect(await codeOf(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138040') }, ctx))).toBe('PLATFORM_MISCONFIGURED')
    expect(app.stats().token).toEqual({ misconfigured: 2 })
  })
})

describe('Douyin upstream faults', () => {
  it.each([
    ['timeout', 'PLATFORM_UNAVAILABLE'],
    ['garbage', 'PLATFORM_UNAVAILABLE'],
    ['empty', 'PLATFORM_UNAVAILABLE'],
    ['http500', 'PLATFORM_UNAVAILABLE'],
    [-1, 'PLATFORM_UNAVAILABLE'],
    [28003017, 'PLATFORM_UNAVAILABLE'],
    [28001016, 'PLATFORM_MISCONFIGURED'],
  ] as const)('get_phonenumber_info answering %s is %s, and the code is not sent again', async (fault, expected) => {
    const app = douyin({ timeoutMs: 300 })
    await app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138050') }, ctx)
    mock.failNext('get_phonenumber_info', fault)
    expect(await codeOf(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138051') }, ctx))).toBe(expected)
    expect(mock.calls().get_phonenumber_info).toBe(2)
  })

  it.each(['timeout', 'garbage', 'http500', -1] as const)('the token endpoint answering %s is PLATFORM_UNAVAILABLE', async (fault) => {
    const app = douyin({ timeoutMs: 300 })
    mock.failNext('token', fault)
    expect(await codeOf(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138060') }, ctx))).toBe('PLATFORM_UNAVAILABLE')
    expect(mock.calls().get_phonenumber_info).toBe(0)
  })

  it('cuts a call to the request\'s deadline, and makes none when it has passed', async () => {
    const app = douyin({ timeoutMs: 5000 })
    mock.failNext('jscode2session', 'timeout')
    const started = performance.now()
    expect(await codeOf(app.identify(mock.mintLoginCode(), { deadline: clock.now() + 200 }))).toBe('PLATFORM_UNAVAILABLE')
    expect(performance.now() - started).toBeLessThan(2000)
    expect(await codeOf(app.identify(mock.mintLoginCode(), { deadline: clock.now() - 1 }))).toBe('PLATFORM_UNAVAILABLE')
    expect(mock.calls().jscode2session).toBe(1)
    // Only the call that was sent is counted.
    expect(app.stats().jscode2session).toEqual({ unavailable: 1 })
  })

  it('waits for a slow client token fetch only until the request\'s deadline', async () => {
    const app = douyin({ timeoutMs: 5000 })
    mock.failNext('token', 'timeout')
    const started = performance.now()
    const code = mock.mintPhoneCode('13800138080')
    expect(await codeOf(app.phoneNumber({ kind: 'code', code }, { deadline: clock.now() + 200 }))).toBe('PLATFORM_UNAVAILABLE')
    expect(performance.now() - started).toBeLessThan(2000)
    expect(mock.calls().get_phonenumber_info).toBe(0)
    mock.releaseHung()
  })

  it('calls the three endpoints on their documented paths under DOUYIN_API_BASE, a path prefix included', async () => {
    const outer = new Hono()
    outer.route('/__dev/douyin-api', mock.app)
    const prefixed = await serveMock({ app: outer, releaseHung: () => mock.releaseHung() })
    try {
      const app = douyin({ apiBase: `${prefixed.url}/__dev/douyin-api` })
      await expect(app.identify(mock.mintLoginCode('_000prefixed'), ctx)).resolves.toMatchObject({ userId: '_000prefixed' })
      await expect(app.phoneNumber({ kind: 'code', code: mock.mintPhoneCode('13800138070') }, ctx)).resolves.toMatchObject({ purePhoneNumber: '13800138070' })
    } finally {
      await prefixed.close()
    }
  })
})

describe('Douyin phone data from a fake that encrypts with keys made here', () => {
  async function withFake(data: (plain: Buffer) => unknown, plain: object, run: (app: PlatformApp) => Promise<void>) {
    const fake = new Hono()
    fake.post('/api/apps/v2/token', (c) => c.json({ err_no: 0, err_tips: 'success', data: { access_token: 'clt.fake', expires_in: 7200 } }))
    fake.post('/api/apps/v1/get_phonenumber_info/', (c) => c.json({ err_no: 0, err_tips: 'success', log_id: 'x', data: data(Buffer.from(JSON.stringify(plain))) }))
    const served = await serveMock({ app: fake, releaseHung: () => undefined })
    try {
      await run(douyin({ apiBase: served.url }))
    } finally {
      await served.close()
    }
  }
  const encrypt = (plain: Buffer) => publicEncrypt({ key: keys.publicKey, padding: constants.RSA_PKCS1_PADDING }, plain)
  const phone = { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', watermark: { appid: APPID, timestamp: 1 } }
  const proof = { kind: 'code' as const, code: 'fake-code' }

  it('accepts a well-formed answer (countryCode as a number too)', async () => {
    await withFake((p) => encrypt(p).toString('base64'), { ...phone, countryCode: 86 }, async (app) => {
      await expect(app.phoneNumber(proof, ctx)).resolves.toEqual({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' })
    })
  })

  it('answers a tampered ciphertext as PLATFORM_MISCONFIGURED', async () => {
    await withFake((p) => {
      const c = encrypt(p)
      c[7] = c[7]! ^ 0x80
      return c.toString('base64')
    }, phone, async (app) => {
      expect(await codeOf(app.phoneNumber(proof, ctx))).toBe('PLATFORM_MISCONFIGURED')
    })
  })

  it.each([
    ['a phone number with other characters', { ...phone, purePhoneNumber: '138-0013-8000' }],
    ['a country code with a plus', { ...phone, countryCode: '+86' }],
    ['no watermark', { ...phone, watermark: undefined }],
  ])('refuses %s as PLATFORM_UNAVAILABLE (a malformed answer)', async (_name, plain) => {
    await withFake((p) => encrypt(p).toString('base64'), plain, async (app) => {
      expect(await codeOf(app.phoneNumber(proof, ctx))).toBe('PLATFORM_UNAVAILABLE')
    })
  })

  it.each([['not base64', '%%%'], ['a number', 42], ['empty', '']])('refuses data that is %s as PLATFORM_UNAVAILABLE', async (_name, data) => {
    await withFake(() => data, phone, async (app) => {
      expect(await codeOf(app.phoneNumber(proof, ctx))).toBe('PLATFORM_UNAVAILABLE')
    })
  })
})
