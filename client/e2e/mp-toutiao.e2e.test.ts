/**
 * The compiled Douyin mini program (production `uni build -p mp-toutiao`, unchanged) in Node, where
 * Douyin has no simulator: its .ttml and .js run on the stand-in host (support/mpHost.ts) with a `tt`
 * in Douyin's shapes (support/ttRuntime.ts). The phone button gets what Douyin's getPhoneNumber button
 * fires; tt.request goes over real HTTP to a recording server that answers as the contract says.
 */
import { ROUTES } from 'shared'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { phoneOutcomeMessage, TOASTS } from '@/content/messages'
import { MP_TOUTIAO_DIR } from './support/paths'
import { SILENT_LOGIN, startRecordingBff } from './support/recordingBff'
import { launchDouyin } from './support/ttRuntime'
import { expectNoAppErrors, onPage, PHONE_BUTTON, reachPhoneButton, watchAppErrors } from './support/hostedWalk'
import { waitFor } from './support/waitFor'
import { withoutWebGlobals } from './support/webGlobals'

const AUTH_KEY = 'wx-phone-login:auth'
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

let bff: Awaited<ReturnType<typeof startRecordingBff>>
let running: ReturnType<typeof launchDouyin>[] = []

beforeAll(async () => {
  bff = await startRecordingBff('douyin')
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

function launch() {
  const device = { storage: new Map<string, unknown>(), model: 'iPhone 15 Pro' }
  const app = launchDouyin({ distDir: MP_TOUTIAO_DIR, route: { apiBase: inject('mpApiBase'), target: bff.url }, device })
  running.push(app)
  return { app, device }
}

describe('the compiled Douyin mini program on a stand-in tt', () => {
  it('the button is Douyin\'s: 手机号码一键登录, getPhoneNumber, data-eventsync', async () => {
    const { app } = launch()
    await reachPhoneButton(app, 'getPhoneNumber')
    const button = app.find(PHONE_BUTTON)!
    expect(button.tag).toBe('button')
    expect(button.text).toBe('手机号码一键登录')
    expect(button.attrs['data-eventsync']).toBe('true')
  })

  it('the phone code (e.detail.code) and a tt.login code taken before the tap go to phone-login; the session is stored', async () => {
    const { app, device } = launch()
    await reachPhoneButton(app, 'getPhoneNumber')
    // tt.login ran before the tap (the button asks for it when it appears), as Douyin requires.
    await waitFor('a tt.login code', () => app.record.loginCodes.length > 0)
    await settle()
    const codesBeforeTap = [...app.record.loginCodes]

    app.fire(PHONE_BUTTON, 'getphonenumber', { errMsg: 'getPhoneNumber:ok', code: 'douyin-phone-code-1' })
    await waitFor('the phone login', () => bff.received.some((r) => r.path === ROUTES.phoneLogin))
    const logins = bff.received.filter((r) => r.path === ROUTES.phoneLogin)
    expect(logins).toHaveLength(1)
    expect(logins[0]!.method).toBe('POST')
    expect(logins[0]!.headers['content-type']).toMatch(/^application\/json/)
    const body = logins[0]!.body as Record<string, unknown>
    expect(body).toEqual({
      app: inject('douyinAppid'),
      phoneCode: 'douyin-phone-code-1',
      loginCode: expect.any(String),
      device: { platform: 'iOS 17.4', model: 'iPhone 15 Pro', appVersion: '0.1.0' },
    })
    expect(codesBeforeTap).toContain(body.loginCode)
    // Single-use codes: the silent login on the login page did not reuse it.
    for (const silent of bff.received.filter((r) => r.path === SILENT_LOGIN)) {
      expect((silent.body as { loginCode: string }).loginCode).not.toBe(body.loginCode)
    }

    await waitFor('the profile page', () => onPage(app, 'pages/profile/profile'))
    expect(app.record.toasts).toContain(TOASTS.loginSuccess)
    const stored = JSON.parse(device.storage.get(AUTH_KEY) as string) as { session: { accessToken: string; refreshToken: string } }
    expect(stored.session).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' })
    // The profile loads the user with the new token. Awaited, so no late answer reaches the next test's
    // app through the shared global.
    await waitFor('GET /api/me with the stored token', () => bff.received.some((r) => r.path === ROUTES.me && r.headers.authorization === `Bearer ${stored.session.accessToken}`))
    await settle()
  })

  it('a denial (getPhoneNumber:fail auth deny) sends nothing, says so, and blocks nothing: 暂不登录 still goes home', async () => {
    const { app, device } = launch()
    await reachPhoneButton(app, 'getPhoneNumber')
    await settle()
    const before = bff.received.length

    app.fire(PHONE_BUTTON, 'getphonenumber', { errMsg: 'getPhoneNumber:fail auth deny' })
    await waitFor('the deny message', () => app.record.toasts.includes(phoneOutcomeMessage({ kind: 'deny', errMsg: '' })))
    await settle()
    expect(bff.received.slice(before)).toEqual([])
    expect(app.stack()).toEqual(['pages/home/home', 'pages/login/login'])
    // The button is usable again, and the user may go on without an account.
    expect(app.find(PHONE_BUTTON)!.attrs['open-type']).toBe('getPhoneNumber')
    app.fire('skip-login-btn', 'tap')
    await waitFor('home again', () => app.stack().join() === 'pages/home/home')
    expect(JSON.stringify([...device.storage.values()])).not.toContain('accessToken')
  })
})
