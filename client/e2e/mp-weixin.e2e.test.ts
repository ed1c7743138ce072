// @vitest-environment jsdom
/**
 * The compiled mini program (production `uni build -p mp-weixin`, unchanged) on a simulated phone:
 * WeChat's own WXML compiler and Tencent's component runtime render the pages, `wx.request` goes
 * over real HTTP to the real BFF (dev mode), and `wx.login` codes come from its mock WeChat.
 */
import { ROUTES } from 'shared'
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest'
import { phoneOutcomeMessage, TOASTS, userMessageFor } from '@/content/messages'
import { freshPhone, masked, mintPhoneCode, postJson } from './support/bffCalls'
import { startDelayProxy } from './support/delayProxy'
import type { MiniProgram } from './support/miniProgram'
import { launchMiniProgram, renderedAttribute } from './support/miniProgram'
import { MP_WEIXIN_DIR } from './support/paths'
import { waitFor } from './support/waitFor'
import type { Device } from './support/wxRuntime'

const bffUrl = inject('bffUrl')
const mpApiBase = inject('mpApiBase')
const PHONE_BUTTON = '.login-actions >>> #phone-login-btn'
const SHEET_BUTTON = '.login-page >>> #consent-agree-btn'
const AUTH_ROUTES = [ROUTES.phoneLogin, ROUTES.wxLogin] as string[]
const AUTH_KEY = 'wx-phone-login:auth'

// What the mini program's JS runtime lacks; the compiled app must not lean on Node's or jsdom's.
const WEB_ONLY_GLOBALS = ['fetch', 'Headers', 'Request', 'Response', 'AbortController', 'FormData', 'URLSearchParams'] as const

let running: MiniProgram[] = []
let openidSeq = 0

function newDevice(): Device {
  return { storage: new Map(), openid: `e2e_mp_${Date.now().toString(36)}_${openidSeq++}` }
}

/** Starts the app on `device`; its API calls go to the BFF, or to `target` (a proxy in front of it). */
function launch(device: Device, target = bffUrl): MiniProgram {
  const app = launchMiniProgram({ distDir: MP_WEIXIN_DIR, bffUrl, route: { apiBase: mpApiBase, target }, device })
  running.push(app)
  return app
}

const onPage = (app: MiniProgram, route: string) => app.page().route === route

/** A cold start opens home, for anyone. */
async function reachHome(app: MiniProgram) {
  await waitFor('the home page', () => onPage(app, 'pages/home/home') && app.find('#home-perk-btn'))
}

/** Home → 我的: a guest is asked to log in first (login opens over home). */
async function reachPhoneButton(app: MiniProgram) {
  await reachHome(app)
  app.tap('#home-profile-entry')
  await waitFor('the login page with its phone button', () => onPage(app, 'pages/login/login') && app.find(PHONE_BUTTON))
}

async function tickAgreement(app: MiniProgram) {
  app.tap('#agreement-checkbox')
  await waitFor('the agreement to be ticked', () => renderedAttribute(app.find(PHONE_BUTTON)!, 'openType') === 'getPhoneNumber')
}

async function sendPhoneCode(app: MiniProgram, selector: string, phone: string) {
  app.find(selector)!.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: await mintPhoneCode(bffUrl, phone) } })
}

async function signIn(app: MiniProgram, phone: string): Promise<void> {
  await reachPhoneButton(app)
  await tickAgreement(app)
  await sendPhoneCode(app, PHONE_BUTTON, phone)
  await waitFor('the profile page with the masked number', () => onPage(app, 'pages/profile/profile') && app.text('#profile-phone') === masked(phone))
}

beforeAll(() => {
  const saved = WEB_ONLY_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const)
  for (const name of WEB_ONLY_GLOBALS) delete (globalThis as Record<string, unknown>)[name]
  return () => {
    for (const [name, descriptor] of saved) if (descriptor) Object.defineProperty(globalThis, name, descriptor)
  }
})

// The app reports its own failures (Vue errors, rejected hooks) through console.error.
beforeEach(() => {
  vi.spyOn(console, 'error')
})

afterEach(() => {
  for (const app of running) app.close()
  running = []
  const errors = vi.mocked(console.error).mock.calls
  vi.restoreAllMocks()
  expect(errors).toEqual([])
})

describe('the compiled mini program against the real BFF', () => {
  it('a guest looks around home; 我的 asks for login at once (no silent-login wait), and the one-tap sheet signs in and returns to the profile', async () => {
    const device = newDevice()
    const app = launch(device)

    // Home is for anyone: no login call at all for a device that never signed in.
    await reachHome(app)
    expect(app.record.titles).toContain('青柠生活')
    expect(app.record.logins).toBe(0)
    expect(app.record.requests).toEqual([])

    // The profile needs a session: login opens over home, its actions shown at once.
    app.tap('#home-profile-entry')
    await waitFor('the login page', () => onPage(app, 'pages/login/login') && app.find(PHONE_BUTTON))
    expect(app.find('#login-checking')).toBeUndefined()
    expect(app.stack()).toEqual(['pages/home/home', 'pages/login/login'])

    // Unticked agreement: the main button opens no WeChat sheet, but our consent sheet.
    expect(renderedAttribute(app.find(PHONE_BUTTON)!, 'openType')).toBeFalsy() // rendered as open-type=""
    app.find(PHONE_BUTTON)!.dispatchEvent('tap')
    await waitFor('the consent sheet', () => app.find(SHEET_BUTTON))
    // Its 同意 button is itself the phone button: consent and WeChat's sheet are one tap.
    expect(renderedAttribute(app.find(SHEET_BUTTON)!, 'openType')).toBe('getPhoneNumber')
    expect(app.find('.login-page >>> #consent-user-link')).toBeTruthy()
    expect(app.find('.login-page >>> #consent-privacy-link')).toBeTruthy()
    expect(app.record.toasts).toEqual([])

    // The tap (WeChat delivers it before the phone sheet's answer) ticks the agreement as it goes.
    app.find(SHEET_BUTTON)!.dispatchEvent('tap')
    await waitFor('the agreement to be ticked', () => app.find('.agreement-checkbox--checked'))
    const phone = freshPhone()
    await sendPhoneCode(app, SHEET_BUTTON, phone)

    // Back where the user was going: the profile, over home.
    await waitFor('the profile page with the masked number', () => onPage(app, 'pages/profile/profile') && app.text('#profile-phone') === masked(phone))
    expect(app.stack()).toEqual(['pages/home/home', 'pages/profile/profile'])
    expect(app.record.requests.filter((r) => r.path === ROUTES.phoneLogin)).toEqual([{ method: 'POST', path: ROUTES.phoneLogin, status: 200 }])
    expect(app.record.logins).toBe(2) // silent login on the login page, and a fresh login code sent with the phone code
    expect(app.find('.profile-badge')?.dom.textContent).toBe('已关联微信')
    // The session is on the device, and nothing there holds the full number.
    const stored = JSON.stringify([...device.storage.values()])
    expect(stored).toContain(masked(phone))
    expect(stored).not.toContain(phone)
  })

  it('不同意 closes the sheet; nothing is sent and the agreement stays unticked', async () => {
    const app = launch(newDevice())
    await reachPhoneButton(app)
    app.find(PHONE_BUTTON)!.dispatchEvent('tap')
    await waitFor('the consent sheet', () => app.find(SHEET_BUTTON))
    app.tap('.login-page >>> #consent-disagree-btn')
    await waitFor('the sheet to close', () => !app.find(SHEET_BUTTON))
    expect(app.find('.agreement-checkbox--checked')).toBeUndefined()
    expect(app.record.requests.filter((r) => r.path === ROUTES.phoneLogin)).toEqual([])
  })

  it('the protected action on home asks for login, and comes back to home where it works; 暂不登录 goes back too', async () => {
    const app = launch(newDevice())
    await reachHome(app)

    // 暂不登录: back to home, signed out, nothing sent.
    app.tap('#home-perk-btn')
    await waitFor('the login page', () => onPage(app, 'pages/login/login') && app.find(PHONE_BUTTON))
    app.tap('#skip-login-btn')
    await waitFor('home again', () => onPage(app, 'pages/home/home'))
    expect(app.stack()).toEqual(['pages/home/home'])
    expect(app.find('#home-perk-state')).toBeUndefined()

    app.tap('#home-perk-btn')
    await waitFor('the login page', () => onPage(app, 'pages/login/login') && app.find(PHONE_BUTTON))
    await tickAgreement(app)
    const phone = freshPhone()
    await sendPhoneCode(app, PHONE_BUTTON, phone)
    await waitFor('home again, signed in', () => onPage(app, 'pages/home/home') && app.text('#home-profile-entry') !== '登录')
    expect(app.stack()).toEqual(['pages/home/home'])

    // Now the action runs: an authorized call to the BFF.
    app.tap('#home-perk-btn')
    await waitFor('the perk to be claimed', () => app.text('#home-perk-state')?.includes(masked(phone)))
    expect(app.record.requests.filter((r) => r.path === ROUTES.me)).toEqual([{ method: 'GET', path: ROUTES.me, status: 200 }])
    expect(app.record.toasts).toContain(TOASTS.perkClaimed)
  })

  it('a denied phone sheet shows the deny message and sends nothing', async () => {
    const app = launch(newDevice())
    await reachPhoneButton(app)
    await tickAgreement(app)
    const before = { requests: app.record.requests.length, logins: app.record.logins }

    app.find(PHONE_BUTTON)!.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:fail user deny' } })

    const message = phoneOutcomeMessage({ kind: 'deny', errMsg: '' })
    await waitFor('the deny message', () => app.record.toasts.includes(message))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(app.record.requests).toHaveLength(before.requests)
    expect(app.record.logins).toBe(before.logins)
    expect(app.page().route).toBe('pages/login/login')
  })

  it('a phone code that was already used shows the expired-code message; a new tap signs in', async () => {
    const device = newDevice()
    const app = launch(device)
    await reachPhoneButton(app)
    await tickAgreement(app)

    const phone = freshPhone()
    const used = await mintPhoneCode(bffUrl, phone)
    expect((await postJson(bffUrl, ROUTES.phoneLogin, { phoneCode: used })).status).toBe(200)

    app.find(PHONE_BUTTON)!.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: used } })
    await waitFor('the expired-code message', () => app.record.toasts.includes(userMessageFor('PHONE_CODE_INVALID')))
    expect(app.record.requests.filter((r) => r.path === ROUTES.phoneLogin)).toEqual([{ method: 'POST', path: ROUTES.phoneLogin, status: 400 }])
    expect(app.page().route).toBe('pages/login/login')
    expect([...device.storage.values()].join()).not.toContain('accessToken')

    // The button is usable again: the user taps once more and WeChat hands out a new code.
    await waitFor('the button to unlock', () => renderedAttribute(app.find(PHONE_BUTTON)!, 'openType') === 'getPhoneNumber')
    await sendPhoneCode(app, PHONE_BUTTON, phone)
    await waitFor('the profile page', () => onPage(app, 'pages/profile/profile') && app.text('#profile-phone') === masked(phone))
  })

  it('a restart with the same storage is still signed in, with no login call', async () => {
    const device = newDevice()
    const phone = freshPhone()
    const first = launch(device)
    await signIn(first, phone)
    first.close()

    const again = launch(device)
    await reachHome(again)
    again.tap('#home-profile-entry')
    await waitFor('the profile page from the stored session', () => onPage(again, 'pages/profile/profile') && again.text('#profile-phone') === masked(phone))
    // The profile refreshes the user from the server with the stored token.
    await waitFor('GET /api/me', () => again.record.requests.some((r) => r.path === ROUTES.me && r.status === 200))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(again.record.logins).toBe(0)
    expect(again.record.requests.filter((r) => AUTH_ROUTES.includes(r.path))).toEqual([])
    expect(again.page().route).toBe('pages/profile/profile')
  })

  describe('silent login never blocks (wx-login held 6 s by a slow network)', () => {
    const WX_LOGIN_DELAY_MS = 6000
    let proxy: Awaited<ReturnType<typeof startDelayProxy>>

    beforeAll(async () => {
      proxy = await startDelayProxy(bffUrl, { [ROUTES.wxLogin]: WX_LOGIN_DELAY_MS })
      return () => proxy.close()
    })

    it('a device that never signed in sees the login actions at once', { timeout: 30_000 }, async () => {
      const app = launch(newDevice(), proxy.url)
      await reachPhoneButton(app)
      expect(app.find('#login-checking')).toBeUndefined()
      // The silent login is on its way meanwhile; the user is not made to wait for it.
      const wxLogins = () => app.record.requests.filter((r) => r.path === ROUTES.wxLogin)
      await waitFor('the silent login request', () => wxLogins().length === 1)
      expect(wxLogins()[0]!.status).toBeNull()
      expect(app.find(PHONE_BUTTON)).toBeTruthy()
      // Its answer (no account for this WeChat user) changes nothing. Awaited, so no late answer
      // reaches the next test's app through the shared `wx`.
      await waitFor('the silent login answer', () => wxLogins()[0]!.status === 200, { timeoutMs: WX_LOGIN_DELAY_MS + 5000 })
      await new Promise((resolve) => setTimeout(resolve, 200))
      expect(app.page().route).toBe('pages/login/login')
      expect(app.find(PHONE_BUTTON)).toBeTruthy()
    })

    it('a returning user sees a spinner for about 3 s, then the actions; the late silent login still signs them in', { timeout: 30_000 }, async () => {
      // A linked WeChat user whose session has ended (e.g. its refresh token expired) on this device.
      const device = newDevice()
      const first = launch(device)
      await signIn(first, freshPhone())
      first.close()
      const stored = JSON.parse(device.storage.get(AUTH_KEY) as string) as Record<string, unknown>
      device.storage.set(AUTH_KEY, JSON.stringify({ ...stored, session: null }))

      const app = launch(device, proxy.url)
      await reachHome(app)
      app.tap('#home-profile-entry')
      await waitFor('the spinner', () => onPage(app, 'pages/login/login') && app.find('#login-checking'))
      const shown = Date.now()
      await waitFor('the login actions', () => app.find(PHONE_BUTTON), { timeoutMs: 5000, intervalMs: 50 })
      const waited = Date.now() - shown
      expect(waited).toBeGreaterThan(2000)
      expect(waited).toBeLessThan(4000)
      expect(app.record.requests.filter((r) => r.path === ROUTES.wxLogin).map((r) => r.status)).toEqual([null])

      // When wx-login answers at last, the user is signed in and taken where they were going.
      await waitFor('the profile after the late silent login', () => onPage(app, 'pages/profile/profile') && app.find('#profile-phone'), { timeoutMs: 10_000 })
      expect(app.record.requests.filter((r) => r.path === ROUTES.phoneLogin)).toEqual([])
    })
  })

  it('changing to the number the account already has says so (the BFF\'s X-Phone-Unchanged: 1), another number as changed', async () => {
    const phone = freshPhone()
    const app = launch(newDevice())
    await signIn(app, phone)
    await sendPhoneCode(app, '.profile-actions >>> #change-phone-btn', phone)
    await waitFor('the unchanged message', () => app.record.toasts.includes(TOASTS.phoneUnchanged))
    expect(app.record.toasts).not.toContain(TOASTS.phoneChanged)
    await waitFor('the change button to unlock', () => renderedAttribute(app.find('.profile-actions >>> #change-phone-btn')!, 'openType') === 'getPhoneNumber')
    const next = freshPhone()
    await sendPhoneCode(app, '.profile-actions >>> #change-phone-btn', next)
    await waitFor('the changed message', () => app.record.toasts.includes(TOASTS.phoneChanged) && app.text('#profile-phone') === masked(next))
  })
})
