/**
 * The compiled Alipay mini program (production `uni build -p mp-alipay`, unchanged) in Node, where
 * Alipay has no simulator: its .axml and .js run on the stand-in host (support/mpHost.ts) with a `my`
 * in Alipay's shapes (support/myRuntime.ts). The phone button gets what Alipay's getAuthorize button
 * fires; my.getPhoneNumber answers with a phone response; my.request goes over real HTTP to a
 * recording server that answers as the contract says.
 */
import { ROUTES } from 'shared'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { phoneOutcomeMessage, TOASTS } from '@/content/messages'
import type { PhoneAnswer } from './support/myRuntime'
import { launchAlipay } from './support/myRuntime'
import { MP_ALIPAY_DIR } from './support/paths'
import { SILENT_LOGIN, startRecordingBff } from './support/recordingBff'
import { expectNoAppErrors, onPage, PHONE_BUTTON, reachPhoneButton, watchAppErrors } from './support/hostedWalk'
import { waitFor } from './support/waitFor'
import { withoutWebGlobals } from './support/webGlobals'

const AUTH_KEY = 'wx-phone-login:auth'
/** What my.getPhoneNumber's res.response looks like: a JSON string, signed and encrypted by Alipay. */
const PHONE_RESPONSE = JSON.stringify({
  response: 'kJ3bS0Xo6m9kq1yH3u+v0w7oXbZ0g8v5YwY2mU7p1cE=', sign: 'c2lnbmF0dXJlLW9mLXRoZS1jaXBoZXJ0ZXh0', sign_type: 'RSA2', encrypt_type: 'AES', charset: 'UTF-8',
})
const USER_CANCELLED: PhoneAnswer = { error: 11, errorMessage: '用户取消授权' }
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

let bff: Awaited<ReturnType<typeof startRecordingBff>>
let running: ReturnType<typeof launchAlipay>[] = []

beforeAll(async () => {
  bff = await startRecordingBff('alipay')
})
afterAll(() => bff.close())
beforeAll(withoutWebGlobals)

beforeEach(() => {
  watchAppErrors()
  bff.received.length = 0
})
afterEach(() => {
  for (const app of running) app.close()
  running = []
  expectNoAppErrors()
})

function launch(phone: () => PhoneAnswer = () => ({ response: PHONE_RESPONSE })) {
  const device = { storage: new Map<string, unknown>(), model: 'iPhone15,2' }
  const app = launchAlipay({ distDir: MP_ALIPAY_DIR, route: { apiBase: inject('mpApiBase'), target: bff.url }, device, phone })
  running.push(app)
  return { app, device }
}

describe('the compiled Alipay mini program on a stand-in my', () => {
  it('the button is Alipay\'s: 手机号快捷登录, getAuthorize with scope phoneNumber', async () => {
    const { app } = launch()
    await reachPhoneButton(app, 'getAuthorize')
    const button = app.find(PHONE_BUTTON)!
    expect(button.tag).toBe('button')
    expect(button.text).toBe('手机号快捷登录')
    expect(button.attrs.scope).toBe('phoneNumber')
  })

  it('getAuthorize → my.getPhoneNumber → its response verbatim with a my.getAuthCode code to phone-login; the session is stored', async () => {
    const { app, device } = launch()
    await reachPhoneButton(app, 'getAuthorize')
    await settle()
    const before = bff.received.length

    app.fire(PHONE_BUTTON, 'getAuthorize', {})
    await waitFor('the phone login', () => bff.received.some((r) => r.path === ROUTES.phoneLogin))
    expect(app.record.phoneNumberCalls).toBe(1)
    // The phone login is the tap's first request (the profile's GET /api/me follows it).
    const sent = bff.received.slice(before)
    expect(`${sent[0]!.method} ${sent[0]!.path}`).toBe(`POST ${ROUTES.phoneLogin}`)
    expect(sent.filter((r) => r.path === ROUTES.phoneLogin)).toHaveLength(1)
    // uni hands my.request `headers` (Alipay's name): the JSON content type arrives.
    expect(sent[0]!.headers['content-type']).toMatch(/^application\/json/)
    const body = sent[0]!.body as Record<string, unknown>
    expect(body).toEqual({
      app: inject('alipayAppid'),
      phoneResponse: PHONE_RESPONSE,
      loginCode: expect.any(String),
      device: { platform: 'iOS 17.4', model: 'iPhone15,2', appVersion: '0.1.0' },
    })
    // A fresh my.getAuthCode code, not the one the silent login used.
    expect(app.record.loginCodes).toContain(body.loginCode)
    for (const silent of bff.received.filter((r) => r.path === SILENT_LOGIN)) {
      expect((silent.body as { loginCode: string }).loginCode).not.toBe(body.loginCode)
    }

    await waitFor('the profile page', () => onPage(app, 'pages/profile/profile'))
    expect(app.record.toasts).toContain(TOASTS.loginSuccess)
    // Stored through my.setStorageSync({ key, data }) and read back through my.getStorageSync({ key }).
    const stored = JSON.parse(device.storage.get(AUTH_KEY) as string) as { session: { accessToken: string } }
    expect(stored.session.accessToken).toMatch(/^access-\d+$/)
    // The profile loads the user with the new token. Awaited, so no late answer reaches the next test's
    // app through the shared global.
    await waitFor('GET /api/me with the stored token', () => bff.received.some((r) => r.path === ROUTES.me && r.headers.authorization === `Bearer ${stored.session.accessToken}`))
    await settle()
  })

  it('the user cancels the authorisation (the button\'s error event, 11 用户取消授权): nothing sent, nothing blocked', async () => {
    const { app, device } = launch()
    await reachPhoneButton(app, 'getAuthorize')
    await settle()
    const before = bff.received.length

    app.fire(PHONE_BUTTON, 'error', { type: 'getAuthorize', ...USER_CANCELLED })
    await waitFor('the deny message', () => app.record.toasts.includes(phoneOutcomeMessage({ kind: 'deny', errMsg: '' })))
    await settle()
    expect(app.record.phoneNumberCalls).toBe(0)
    expect(bff.received.slice(before)).toEqual([])
    expect(app.find(PHONE_BUTTON)!.attrs['open-type']).toBe('getAuthorize')
    app.fire('skip-login-btn', 'tap')
    await waitFor('home again', () => app.stack().join() === 'pages/home/home')
    expect(JSON.stringify([...device.storage.values()])).not.toContain('accessToken')
  })

  it('my.getPhoneNumber failing with 11 用户取消授权 after the authorisation: nothing sent, the button is usable again', async () => {
    const { app } = launch(() => USER_CANCELLED)
    await reachPhoneButton(app, 'getAuthorize')
    await settle()
    const before = bff.received.length

    app.fire(PHONE_BUTTON, 'getAuthorize', {})
    await waitFor('the deny message', () => app.record.toasts.includes(phoneOutcomeMessage({ kind: 'deny', errMsg: '' })))
    await settle()
    expect(app.record.phoneNumberCalls).toBe(1)
    expect(bff.received.slice(before)).toEqual([])
    expect(app.stack()).toEqual(['pages/home/home', 'pages/login/login'])
    expect(app.find(PHONE_BUTTON)!.attrs['open-type']).toBe('getAuthorize')
  })
})
