// @vitest-environment jsdom
/**
 * The compiled mini program (production `uni build -p mp-weixin`, unchanged) on a simulated phone:
 * WeChat's own WXML compiler and Tencent's component runtime render the pages, `wx.request` goes
 * over real HTTP to the real BFF (dev mode), and `wx.login` codes come from its mock WeChat.
 */
import { ROUTES } from 'shared'
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import type { Session } from 'shared'
import { MODALS, phoneOutcomeMessage, TOASTS, userMessageFor, verifyOutcomeMessage } from '@/content/messages'
import type { RunningBff } from './support/bff'
import { startDevBff } from './support/bff'
import { masked, mintLoginCode, mintPhoneCode, postJson } from './support/bffCalls'
import { newPhone as freshPhone } from 'server/testing/phones'
import { expectNoAppErrors, watchAppErrors } from './support/hostedWalk'
import { startDelayProxy } from './support/delayProxy'
import { httpText } from './support/httpText'
import type { MiniProgram } from './support/miniProgram'
import { launchMiniProgram, renderedAttribute } from './support/miniProgram'
import { MP_WEIXIN_DIR } from './support/paths'
import { waitFor } from './support/waitFor'
import { withoutWebGlobals } from './support/webGlobals'
import type { Device } from './support/wxRuntime'
import { setOnline } from './support/wxRuntime'

const bffUrl = inject('bffUrl')
const mpApiBase = inject('mpApiBase')
const PHONE_BUTTON = '.login-actions >>> #phone-login-btn'
const SHEET_BUTTON = '.login-page >>> #consent-agree-btn'
const AUTH_ROUTES = [ROUTES.phoneLogin, ROUTES.wxLogin] as string[]
const AUTH_KEY = 'wx-phone-login:auth'


let running: MiniProgram[] = []
let openidSeq = 0

function newDevice(): Device {
  return { storage: new Map(), openid: `e2e_mp_${Date.now().toString(36)}_${openidSeq++}` }
}

/**
 * Starts the app on `device`; its API calls go to the BFF, or to `target` (a proxy in front of it).
 * `bff`: the BFF whose mock WeChat mints this device's login codes (another BFF than the run's: pass it as `target` too).
 */
function launch(device: Device, target = bffUrl, bff = bffUrl): MiniProgram {
  const app = launchMiniProgram({ distDir: MP_WEIXIN_DIR, bffUrl: bff, route: { apiBase: mpApiBase, target }, device })
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

/** The login page's background silent login has been answered, so it is not counted as something a tap sent. */
async function silentLoginAnswered(app: MiniProgram) {
  await waitFor('the silent wx-login to be answered', () => app.record.requests.some((r) => r.path === ROUTES.wxLogin && r.status !== null))
}

async function tickAgreement(app: MiniProgram) {
  app.tap('#agreement-checkbox')
  await waitFor('the agreement to be ticked', () => renderedAttribute(app.find(PHONE_BUTTON)!, 'openType') === 'getPhoneNumber')
}

async function sendPhoneCode(app: MiniProgram, selector: string, phone: string, bff = bffUrl) {
  app.find(selector)!.dispatchEvent('getphonenumber', { detail: { errMsg: 'getPhoneNumber:ok', code: await mintPhoneCode(bff, phone) } })
}

/** What WeChat hands the button when this mini program's phone-number quota is used up. */
const NO_QUOTA = { errno: 1400001, errMsg: 'getPhoneNumber:fail no quota' }

const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

async function signIn(app: MiniProgram, phone: string, bff = bffUrl): Promise<void> {
  await reachPhoneButton(app)
  await tickAgreement(app)
  await sendPhoneCode(app, PHONE_BUTTON, phone, bff)
  await waitFor('the profile page with the masked number', () => onPage(app, 'pages/profile/profile') && app.text('#profile-phone') === masked(phone))
}

// The compiled app must not lean on Node's or jsdom's fetch and friends: the mini program has none.
beforeAll(withoutWebGlobals)

beforeEach(watchAppErrors)

afterEach(() => {
  for (const app of running) app.close()
  running = []
  expectNoAppErrors()
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

  it('the protected action on home asks for login and, signed in, completes by itself back on home (no second tap); 暂不登录 runs nothing', async () => {
    const app = launch(newDevice())
    await reachHome(app)

    // 暂不登录: back to home, signed out, nothing sent, nothing claimed.
    app.tap('#home-perk-btn')
    await waitFor('the login page', () => onPage(app, 'pages/login/login') && app.find(PHONE_BUTTON))
    app.tap('#skip-login-btn')
    await waitFor('home again', () => onPage(app, 'pages/home/home'))
    expect(app.stack()).toEqual(['pages/home/home'])
    await settle()
    expect(app.find('#home-perk-state')).toBeUndefined()
    expect(app.record.requests.filter((r) => r.path === ROUTES.me)).toEqual([])

    app.tap('#home-perk-btn')
    await waitFor('the login page', () => onPage(app, 'pages/login/login') && app.find(PHONE_BUTTON))
    await tickAgreement(app)
    const phone = freshPhone()
    await sendPhoneCode(app, PHONE_BUTTON, phone)

    // Back on home, the perk is claimed with no further tap: an authorized call, and its result on screen.
    await waitFor('the perk claimed on home', () => onPage(app, 'pages/home/home') && app.text('#home-perk-state')?.includes(masked(phone)))
    expect(app.stack()).toEqual(['pages/home/home'])
    expect(app.text('#home-perk-btn')).toBe('已领取')
    expect(app.record.requests.filter((r) => r.path === ROUTES.me)).toEqual([{ method: 'GET', path: ROUTES.me, status: 200 }])
    expect(app.record.toasts).toContain(TOASTS.perkClaimed)
  })

  it('a denied phone sheet shows the deny message and sends nothing', async () => {
    const app = launch(newDevice())
    await reachPhoneButton(app)
    await tickAgreement(app)
    await silentLoginAnswered(app)
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
    // The step-up login code is fetched silently (one wx.login), with no modal or page in between.
    const before = { logins: app.record.logins, modals: app.record.modals.length }
    await sendPhoneCode(app, '.profile-actions >>> #change-phone-btn', phone)
    await waitFor('the unchanged message', () => app.record.toasts.includes(TOASTS.phoneUnchanged))
    expect(app.record.logins).toBe(before.logins + 1)
    expect(app.record.modals).toHaveLength(before.modals)
    expect(app.page().route).toBe('pages/profile/profile')
    expect(app.record.toasts).not.toContain(TOASTS.phoneChanged)
    await waitFor('the change button to unlock', () => renderedAttribute(app.find('.profile-actions >>> #change-phone-btn')!, 'openType') === 'getPhoneNumber')
    const next = freshPhone()
    await sendPhoneCode(app, '.profile-actions >>> #change-phone-btn', next)
    await waitFor('the changed message', () => app.record.toasts.includes(TOASTS.phoneChanged) && app.text('#profile-phone') === masked(next))
  })

  it('errno 1400001 (quota used up) says quick login is unavailable and sends nothing; 微信登录 is offered, never a retry', async () => {
    const app = launch(newDevice())
    await reachPhoneButton(app)
    await tickAgreement(app)
    await silentLoginAnswered(app)
    const before = { requests: app.record.requests.length, logins: app.record.logins }

    app.record.modalAnswers.push(false) // 稍后再试
    app.find(PHONE_BUTTON)!.dispatchEvent('getphonenumber', { detail: NO_QUOTA })
    await waitFor('the quota explanation', () => app.record.modals.includes(MODALS.quotaUsedUp.content))
    await settle()
    expect(app.record.requests).toHaveLength(before.requests)
    expect(app.record.logins).toBe(before.logins)
    expect(app.page().route).toBe('pages/login/login')

    // The user picks 微信登录: one free wx-login; this WeChat user has no account, so they are told so.
    app.find(PHONE_BUTTON)!.dispatchEvent('getphonenumber', { detail: NO_QUOTA })
    await waitFor('the not-linked message', () => app.record.toasts.includes(TOASTS.wechatNotLinked))
    await settle()
    expect(app.record.modals.filter((m) => m === MODALS.quotaUsedUp.content)).toHaveLength(2)
    expect(app.record.requests.slice(before.requests)).toEqual([{ method: 'POST', path: ROUTES.wxLogin, status: 200 }])
    expect(app.page().route).toBe('pages/login/login')
  })

  it('on errno 1400001 a linked WeChat user signs in with 微信登录 (wx-login only, no phone code), even after logging out', async () => {
    const device = newDevice()
    const phone = freshPhone()
    const app = launch(device)
    await signIn(app, phone)
    // Logged out, the user is a guest on home; 我的 asks for login, and silent login stays off.
    app.tap('#logout-btn')
    await reachPhoneButton(app)
    await tickAgreement(app)
    const before = app.record.requests.length

    app.find(PHONE_BUTTON)!.dispatchEvent('getphonenumber', { detail: NO_QUOTA })
    await waitFor('the profile page', () => app.page().route === 'pages/profile/profile' && app.text('#profile-phone') === masked(phone))
    const sent = app.record.requests.slice(before).map((r) => r.path)
    expect(sent).toContain(ROUTES.wxLogin)
    expect(sent).not.toContain(ROUTES.phoneLogin)
  })
})

const OTHER_DEVICE = { platform: 'android', model: 'Xiaomi 14', appVersion: '0.1.0' }

/** A second phone signing in to the same number, straight over HTTP. */
async function otherDevice(phone: string): Promise<Session> {
  const { status, body } = await postJson<Session>(bffUrl, ROUTES.phoneLogin, { phoneCode: await mintPhoneCode(bffUrl, phone), device: OTHER_DEVICE })
  expect(status).toBe(200)
  return body
}

const refreshStatus = async (session: Session) => (await postJson(bffUrl, ROUTES.refresh, { refreshToken: session.refreshToken })).status

/** The rows of 登录设备, as their text. */
function deviceRows(app: MiniProgram): string[] {
  const rows: string[] = []
  for (let i = 0; app.find(`#device-${i}`); i++) rows.push(app.text(`#device-${i}`) ?? '')
  return rows
}

describe('登录设备 and 注销账号 in the compiled mini program', () => {
  const VERIFY_BUTTON = '.delete-verify >>> #delete-verify-btn'

  it('登录设备 tells two phones apart as people say them, 本机 marked; 下线 ends the other at once', async () => {
    const phone = freshPhone()
    const huawei = launch({ ...newDevice(), brand: 'HUAWEI', model: 'Mate 60', system: 'HarmonyOS 5.0.0', platform: 'ohos' })
    await signIn(huawei, phone)
    huawei.close()
    running = running.filter((a) => a !== huawei)
    const device = { ...newDevice(), brand: 'Apple', model: 'iPhone 15 Pro<iPhone16,1>', system: 'iOS 17.4', platform: 'ios' }
    const app = launch(device)
    await signIn(app, phone)
    const other = await otherDevice(phone)

    app.tap('#devices-link')
    await waitFor('three devices on 登录设备', () => app.page().route === 'pages-account/devices/devices' && deviceRows(app).length === 3)
    const rows = deviceRows(app)
    const mine = rows.findIndex((row) => row.includes('本机'))
    expect(rows[mine]).toContain('iPhone 15 Pro · iOS 17.4')
    expect(rows[mine]).not.toContain('<iPhone16,1>')
    expect(rows[mine]).toContain('版本 0.1.0') // the manifest's versionName, through uni.getSystemInfoSync()
    expect(rows[mine]).toContain('最近活跃：刚刚')
    expect(rows.filter((row) => row.includes('华为 Mate 60 · HarmonyOS 5.0.0'))).toHaveLength(1)
    const theirs = rows.findIndex((row) => row.includes('Xiaomi 14 · Android'))
    expect(theirs).toBeGreaterThanOrEqual(0)
    expect(rows[theirs]).not.toContain('本机')
    expect(app.find(`#revoke-device-${mine}`)).toBeUndefined()
    expect(app.find('#revoke-others-btn')).toBeTruthy()

    app.tap(`#revoke-device-${theirs}`)
    await waitFor('the list to reload without it', () => deviceRows(app).length === 2 && app.record.toasts.includes(TOASTS.deviceRevoked))
    expect(app.record.modals).toContain(MODALS.revokeOne.content)
    expect(deviceRows(app).join()).not.toContain('Xiaomi 14')
    expect(await refreshStatus(other)).toBe(401)
  })

  it('退出登录 offline signs out here at once; the logout reaches the BFF when the network is back, and at the next launch', async () => {
    const phone = freshPhone()
    const watcher = await otherDevice(phone)
    const liveSessions = async () => {
      const { status, text } = await httpText(`${bffUrl}${ROUTES.meSessions}`, { method: 'GET', header: { authorization: `Bearer ${watcher.accessToken}` } }).result
      expect(status).toBe(200)
      return (JSON.parse(text) as { sessions: unknown[] }).sessions.length
    }

    // Back online while the app runs: the remembered logout goes out at once.
    const device = newDevice()
    const app = launch(device)
    await signIn(app, phone)
    expect(await liveSessions()).toBe(2)
    setOnline(device, false)
    app.tap('#logout-btn')
    await waitFor('home, signed out', () => onPage(app, 'pages/home/home') && app.text('#home-profile-entry') === '登录')
    expect(await liveSessions()).toBe(2) // no ghost yet only because the BFF never heard of it
    setOnline(device, true)
    await waitFor('the logout to reach the BFF', async () => (await liveSessions()) === 1)
    expect(app.record.requests.filter((r) => r.path === ROUTES.logout).map((r) => r.status)).toEqual([null, 204])

    // Offline until the app is closed: the next launch sends it.
    const second = newDevice()
    const before = launch(second)
    await signIn(before, phone)
    expect(await liveSessions()).toBe(2)
    setOnline(second, false)
    before.tap('#logout-btn')
    await waitFor('home, signed out', () => onPage(before, 'pages/home/home') && before.text('#home-profile-entry') === '登录')
    before.close()
    setOnline(second, true)
    const after = launch(second)
    await reachHome(after)
    await waitFor('the logout to reach the BFF at launch', async () => (await liveSessions()) === 1)
    expect(after.record.requests.filter((r) => r.path === ROUTES.logout).map((r) => r.status)).toEqual([204])
    expect(JSON.stringify([...second.storage.values()])).not.toContain('refreshToken')
  })

  it('全部下线其他设备 (confirmed) ends every other device and keeps this one; 取消 ends nothing', async () => {
    const phone = freshPhone()
    const app = launch(newDevice())
    await signIn(app, phone)
    const others = [await otherDevice(phone), await otherDevice(phone)]

    app.tap('#devices-link')
    await waitFor('three devices on 登录设备', () => deviceRows(app).length === 3)
    app.record.modalAnswers.push(false)
    app.tap('#revoke-others-btn')
    await waitFor('the question', () => app.record.modals.includes(MODALS.revokeOthers.content))
    await settle()
    expect(deviceRows(app)).toHaveLength(3)
    expect(app.record.requests.some((r) => r.path === ROUTES.revokeOtherSessions)).toBe(false)

    app.tap('#revoke-others-btn')
    await waitFor('this phone alone', () => deviceRows(app).length === 1 && app.record.toasts.includes(TOASTS.deviceRevoked))
    expect(deviceRows(app)[0]).toContain('本机')
    for (const other of others) expect(await refreshStatus(other)).toBe(401)
  })

  it('a session ended from another phone signs this one out once: one refresh, 登录已失效, and wx.login alone cannot sign it back in', async () => {
    const device = newDevice()
    const phone = freshPhone()
    const app = launch(device)
    await signIn(app, phone)
    const other = await otherDevice(phone)
    const ended = await httpText(`${bffUrl}${ROUTES.revokeOtherSessions}`, { method: 'POST', header: { authorization: `Bearer ${other.accessToken}` } }).result
    expect(ended.status).toBe(204)
    const before = app.record.requests.length

    app.tap('#devices-link')
    await waitFor('the login page', () => onPage(app, 'pages/login/login') && app.find(PHONE_BUTTON))
    await settle()
    const after = app.record.requests.slice(before)
    expect(after.filter((r) => r.path === ROUTES.refresh)).toEqual([{ method: 'POST', path: ROUTES.refresh, status: 401 }])
    expect(after.filter((r) => r.path === ROUTES.meSessions).map((r) => r.status)).toEqual([401])
    // Back on login, silent login asks once and is told this WeChat user must prove the number again.
    expect(after.filter((r) => r.path === ROUTES.wxLogin).map((r) => r.status)).toEqual([200])
    expect(app.record.toasts.filter((t) => t === userMessageFor('REFRESH_TOKEN_INVALID'))).toHaveLength(1)
    expect([...device.storage.values()].join()).not.toContain('accessToken')
  })

  it('注销账号: confirmed, the number proven by real-time verification, the account is gone and login says 账号已注销', async () => {
    const device = newDevice()
    const phone = freshPhone()
    const app = launch(device)
    await signIn(app, phone)
    const userId = (JSON.parse(device.storage.get('wx-phone-login:auth') as string) as { session: Session }).session.user.id

    app.tap('#delete-account-link')
    await waitFor('the 注销账号 page', () => app.page().route === 'pages-account/delete-account/delete-account' && app.find('#delete-continue-btn'))
    expect(app.find(VERIFY_BUTTON)).toBeUndefined()
    app.tap('#delete-continue-btn')
    await waitFor('the real-time phone button', () => app.find(VERIFY_BUTTON) && renderedAttribute(app.find(VERIFY_BUTTON)!, 'openType') === 'getRealtimePhoneNumber')
    expect(app.record.modals).toContain(MODALS.deleteAccount.content)
    const verify = (detail: object) => app.find(VERIFY_BUTTON)!.dispatchEvent('getrealtimephonenumber', { detail })
    const unlocked = () => waitFor('the phone button to unlock', () => renderedAttribute(app.find(VERIFY_BUTTON)!, 'openType') === 'getRealtimePhoneNumber')

    // A closed sheet: its own message, nothing sent.
    const sent = app.record.requests.length
    verify({ errMsg: 'getRealtimePhoneNumber:fail user deny' })
    await waitFor('the deny message', () => app.record.toasts.includes(verifyOutcomeMessage({ kind: 'deny', errMsg: '' })))
    expect(app.record.requests).toHaveLength(sent)

    // Another number: refused, nothing deleted.
    verify({ errMsg: 'getRealtimePhoneNumber:ok', code: await mintPhoneCode(bffUrl, freshPhone()) })
    await waitFor('the mismatch message', () => app.record.toasts.includes(userMessageFor('PHONE_MISMATCH')))
    expect(app.record.requests.filter((r) => r.path === ROUTES.deleteAccount).map((r) => r.status)).toEqual([403])
    expect(app.page().route).toBe('pages-account/delete-account/delete-account')

    await unlocked()
    verify({ errMsg: 'getRealtimePhoneNumber:ok', code: await mintPhoneCode(bffUrl, phone) })
    await waitFor('the login page with 账号已注销', () => app.page().route === 'pages/login/login' && app.record.toasts.includes(TOASTS.accountDeleted))
    expect(app.record.requests.filter((r) => r.path === ROUTES.deleteAccount).map((r) => r.status)).toEqual([403, 204])
    expect([...device.storage.values()].join()).not.toContain('accessToken')
    await waitFor('the login actions', () => app.find(PHONE_BUTTON))

    // Gone on the server: this WeChat user is unlinked, and the number starts a new account.
    expect((await postJson(bffUrl, ROUTES.wxLogin, { loginCode: await mintLoginCode(bffUrl, device.openid) })).body).toEqual({ registered: false })
    const again = await postJson<Session>(bffUrl, ROUTES.phoneLogin, { phoneCode: await mintPhoneCode(bffUrl, phone) })
    expect(again.body.user.id).not.toBe(userId)
  })
})

describe('二次放号 in the compiled mini program (its own BFF with RECYCLED_AFTER_DAYS=0: no live session, no claim on the number)', () => {
  const CHANGE_BUTTON = '.profile-actions >>> #change-phone-btn'
  let recycling: RunningBff

  beforeAll(async () => {
    recycling = await startDevBff({ RECYCLED_AFTER_DAYS: '0' })
    return () => recycling.stop()
  }, 60_000)

  const storedSession = (device: Device) => (JSON.parse(device.storage.get(AUTH_KEY) as string) as { session: Session }).session

  it('A\'s number goes to B; A\'s phone signs back in silently to A\'s account, 未绑定手机号, and 绑定手机号 binds a new number with no extra step', async () => {
    const bff = recycling.url
    const number = freshPhone()

    // A signs in with the number on their phone; then that session ends (as when its refresh token expires:
    // here ended with that refresh token), and the phone still holds it.
    const phoneA = newDevice()
    const first = launch(phoneA, bff, bff)
    await signIn(first, number, bff)
    first.close()
    running = running.filter((a) => a !== first)
    const accountA = storedSession(phoneA)
    expect((await postJson(bff, ROUTES.logout, { refreshToken: accountA.refreshToken })).status).toBe(204)

    // B, another WeChat user, proves the same number on their phone (the app sends B's login code with it):
    // a new account holds it.
    const phoneB = newDevice()
    const b = launch(phoneB, bff, bff)
    await signIn(b, number, bff)
    b.close()
    running = running.filter((a) => a !== b)
    const accountB = storedSession(phoneB)
    expect(accountB.user.id).not.toBe(accountA.user.id)

    // A opens the app again: the ended session is refused, and silent login (A's wx.login) signs A back in to
    // A's own account, which kept everything but the number.
    const app = launch(phoneA, bff, bff)
    await reachHome(app)
    app.tap('#home-profile-entry')
    await waitFor('A\'s profile without a number', () => onPage(app, 'pages/profile/profile') && app.text('#profile-phone') === '未绑定手机号', { timeoutMs: 10_000 })
    expect(storedSession(phoneA).user.id).toBe(accountA.user.id)
    expect(app.record.requests.filter((r) => r.path === ROUTES.wxLogin).map((r) => r.status)).toEqual([200])
    expect(app.record.requests.filter((r) => r.path === ROUTES.phoneLogin)).toEqual([])
    expect(app.find('.profile-badge')?.dom.textContent).toBe('已关联微信')
    expect(app.text(CHANGE_BUTTON)).toBe('绑定手机号')
    await waitFor('the bind button to be usable', () => renderedAttribute(app.find(CHANGE_BUTTON)!, 'openType') === 'getPhoneNumber')

    // 绑定手机号 → WeChat's phone sheet → a new number: bound, with the step-up login code fetched silently
    // (one wx.login, no modal or page in between); without it the BFF would refuse (403 REAUTH_REQUIRED).
    const before = { logins: app.record.logins, modals: app.record.modals.length, requests: app.record.requests.length }
    const bound = freshPhone()
    await sendPhoneCode(app, CHANGE_BUTTON, bound, bff)
    await waitFor('the bound number', () => app.record.toasts.includes(TOASTS.phoneBound) && app.text('#profile-phone') === masked(bound))
    expect(app.record.requests.slice(before.requests)).toEqual([{ method: 'POST', path: ROUTES.mePhone, status: 200 }])
    expect(app.record.logins).toBe(before.logins + 1)
    expect(app.record.modals).toHaveLength(before.modals)
    expect(app.page().route).toBe('pages/profile/profile')
    expect(app.text(CHANGE_BUTTON)).toBe('更换手机号')
    expect(storedSession(phoneA).user).toMatchObject({ id: accountA.user.id, phone: masked(bound) })

    // B still has the number.
    const me = await httpText(`${bff}${ROUTES.me}`, { method: 'GET', header: { authorization: `Bearer ${accountB.accessToken}` } }).result
    expect(me.status).toBe(200)
    expect(JSON.parse(me.text)).toMatchObject({ id: accountB.user.id, phone: masked(number) })
    // And A's WeChat user still reaches A's account, now with the new number.
    const silent = await postJson<Session>(bff, ROUTES.wxLogin, { loginCode: await mintLoginCode(bff, phoneA.openid) })
    expect(silent.body.user).toMatchObject({ id: accountA.user.id, phone: masked(bound) })
  })
})
