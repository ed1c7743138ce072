/**
 * The H5 build (development mode, so 模拟授权 stands in for WeChat's phone sheet) in Chromium,
 * against the real BFF in dev mode: browse as a guest, sign in, see the profile, reload, change phone, log out.
 * Then 登录设备 with a second phone, 下线 and 注销账号, and 模拟额度用尽 (errno 1400001).
 * Also: 立即领取 completes after login, two browsers told apart on 登录设备, an offline logout that reaches the BFF
 * later, the privacy policy, the production H5 build (login needs the mini program), and README claims against pages.
 * With WRITE_SCREENSHOTS=1 (`pnpm screenshots`) it saves the README screenshots, light and dark; otherwise it
 * writes nothing outside dist/.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ROUTES } from 'shared'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Session } from 'shared'
import { MODALS, TOASTS, userMessageFor } from '@/content/messages'
import type { RunningBff } from './support/bff'
import { startDevBff } from './support/bff'
import { masked, mintPhoneCode, postJson } from './support/bffCalls'
import { newPhone as freshPhone } from 'server/testing/phones'
import { httpText } from './support/httpText'
import { chromiumSkipReason, launchChromium, PHONE } from './support/browser'
import { H5_DIR, H5_PROD_DIR, ROOT_DIR, SCREENSHOT_DIR, WRITE_SCREENSHOTS } from './support/paths'
import { serveStatic } from './support/staticServer'

const bffUrl = inject('bffUrl')
const AUTH_KEY = 'wx-phone-login:auth'
const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
const MAC_CHROME_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const README = readFileSync(path.join(ROOT_DIR, 'README.md'), 'utf8')
/** README's paragraph on what the user sees: its UI words must be the pages' own. */
const README_WALK = README.slice(README.indexOf('What the user sees'), README.indexOf('## The two commands'))

if (chromiumSkipReason) console.log(chromiumSkipReason)

describe.skipIf(chromiumSkipReason !== undefined)('the H5 build in Chromium', () => {
  let browser: Browser
  let site: Awaited<ReturnType<typeof serveStatic>>
  let prodSite: Awaited<ReturnType<typeof serveStatic>>

  beforeAll(async () => {
    site = await serveStatic(H5_DIR)
    prodSite = await serveStatic(H5_PROD_DIR)
    browser = await launchChromium()
    if (WRITE_SCREENSHOTS) mkdirSync(SCREENSHOT_DIR, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await prodSite?.close()
  })

  /** README names this UI text, and the page shows it in `selector`. */
  async function readmeSays(page: Page, words: string, selector: string): Promise<void> {
    expect(README_WALK, `README's walk-through names ${words}`).toContain(words)
    expect((await page.locator(selector).first().textContent())?.trim()).toBe(words)
  }

  /** The stored auth state, read from localStorage as uni-h5 keeps it: `{"type":"string","data":"<json>"}`. */
  async function storedAuth(page: Page): Promise<{ session: { refreshToken: string } | null; silentLoginAllowed: boolean }> {
    const raw = await page.evaluate((key) => localStorage.getItem(key), AUTH_KEY)
    if (!raw) throw new Error(`nothing stored under ${AUTH_KEY}`)
    let value = JSON.parse(raw) as unknown
    if (typeof value === 'object' && value !== null && 'data' in value) value = (value as { data: unknown }).data
    return (typeof value === 'string' ? JSON.parse(value) : value) as never
  }

  /** The page on top of uni's page stack, as uni-h5 marks it (the home page's URL is just "#/"). */
  function route(page: Page): Promise<string | null> {
    return page.locator('uni-page').last().getAttribute('data-page')
  }

  /** 模拟授权: the dev panel mints a phone code for this number through the BFF's mock WeChat. */
  async function mintWithDevPanel(page: Page, phone: string): Promise<void> {
    await page.locator('#dev-mint-phone input').fill(phone)
    await page.locator('#dev-mint-btn').click()
  }

  /** README screenshots of what is on screen now, light and dark (prefers-color-scheme); only for `pnpm screenshots`. */
  async function shoot(page: Page, name: string): Promise<void> {
    if (!WRITE_SCREENSHOTS) return
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      await new Promise((resolve) => setTimeout(resolve, 300))
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`) })
    }
    await page.emulateMedia({ colorScheme: 'light' })
  }

  it('a guest browses home; 我的 asks for login (consent sheet, 模拟授权), returns to the profile; reload, change phone, log out', async () => {
    const page = await browser.newPage(PHONE)
    // Offline, whatever the machine: nothing leaves it (the default avatar lives on WeChat's CDN,
    // so it shows as the placeholder circle), and screenshots look the same everywhere.
    const isLocal = (url: URL) => url.hostname === '127.0.0.1'
    await page.route((url) => !isLocal(url), (request) => request.abort())
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      const from = message.location().url
      if (message.type() === 'error' && (!from || isLocal(new URL(from)))) problems.push(`console: ${message.text()} ${from}`)
    })

    // Home is for anyone.
    await page.goto(site.url)
    await expect.poll(() => route(page)).toBe('pages/home/home')
    await page.locator('.home-pick').first().waitFor()
    await shoot(page, 'home')
    await readmeSays(page, '登录', '#home-profile-entry')
    await readmeSays(page, '立即领取', '#home-perk-btn')

    // The profile needs a session: login, its actions at once (this browser never signed in).
    await page.locator('#home-profile-entry').click()
    await expect.poll(() => route(page)).toBe('pages/login/login')
    await page.locator('#phone-login-btn').waitFor()
    expect(await page.locator('#login-checking').count()).toBe(0)
    expect(await page.locator('#login-app-name').textContent()).toBe('青柠生活')
    await readmeSays(page, '手机号快捷登录', '#phone-login-btn')
    await readmeSays(page, '暂不登录', '#skip-login-btn')

    // Unticked agreement: the main button opens the consent sheet (no toast).
    await page.locator('#phone-login-btn').click()
    await page.locator('#consent-agree-btn').waitFor()
    await shoot(page, 'login')
    await page.locator('#consent-disagree-btn').click()
    await page.locator('#consent-agree-btn').waitFor({ state: 'detached' })

    // 模拟授权 unticked opens the same sheet; 同意并继续 ticks the agreement.
    await mintWithDevPanel(page, freshPhone())
    await page.locator('#consent-agree-btn').click()
    await expect.poll(() => page.locator('#agreement-checkbox').getAttribute('class')).toContain('agreement-checkbox--checked')

    // A number the BFF refuses: its own reason is in the dev panel.
    await mintWithDevPanel(page, '123')
    await expect.poll(() => page.locator('#dev-mint-error').textContent()).toMatch(/digits/)
    await expect.poll(() => page.locator('uni-toast').textContent()).toContain('请求有误')

    // Fixed numbers (each run has a fresh database), so the screenshots only change when the app does.
    const phone = '13800138000'
    await mintWithDevPanel(page, phone)
    await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(phone))
    expect(await route(page)).toBe('pages/profile/profile')
    expect(await page.locator('.profile-badge').textContent()).toBe('已关联微信')

    await page.reload()
    await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(phone))
    expect(await route(page)).toBe('pages/profile/profile')
    await page.locator('#profile-nickname').waitFor()
    await shoot(page, 'profile')
    await readmeSays(page, '登录设备', '#devices-link > uni-text')
    await readmeSays(page, '注销账号', '#delete-account-link > uni-text')

    // 模拟授权 is dev-only, but legible in dark mode too (not the light amber on a dark page).
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await page.locator('#dev-mint-btn').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(61, 42, 16)')
    await page.emulateMedia({ colorScheme: 'light' })

    // 更换手机号 carries the step-up login code, fetched silently: no extra step on screen.
    const changeBodies: unknown[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === ROUTES.mePhone) changeBodies.push(request.postDataJSON())
    })
    const newPhone = '13900139000'
    await mintWithDevPanel(page, newPhone)
    await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(newPhone))
    await expect.poll(() => page.locator('uni-toast').textContent()).toContain('手机号已更换')
    // The same number again: the BFF says so in a header the browser may read (CORS exposes it).
    await mintWithDevPanel(page, newPhone)
    await expect.poll(() => page.locator('uni-toast').textContent()).toContain('已是当前手机号')
    expect(changeBodies).toEqual([
      { phoneCode: expect.any(String), loginCode: expect.any(String) },
      { phoneCode: expect.any(String), loginCode: expect.any(String) },
    ])

    // Logged out, the user keeps browsing as a guest.
    const { session } = await storedAuth(page)
    expect(session?.refreshToken).toBeTruthy()
    await page.locator('#logout-btn').click()
    await expect.poll(() => route(page)).toBe('pages/home/home')
    expect(await storedAuth(page)).toMatchObject({ session: null, silentLoginAllowed: false })
    // The server revoked that session too.
    expect((await postJson(bffUrl, ROUTES.refresh, { refreshToken: session!.refreshToken })).status).toBe(401)

    // Login after logout does not sign the user straight back in (no silent login), nor make them wait.
    await page.locator('#home-profile-entry').click()
    await page.locator('#dev-mint-btn').waitFor()
    expect(await page.locator('#login-checking').count()).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await route(page)).toBe('pages/login/login')

    // 暂不登录: back to home.
    await page.locator('#skip-login-btn').click()
    await expect.poll(() => route(page)).toBe('pages/home/home')

    // The browser logs the one refusal this test asked for (the number 123); nothing else went wrong.
    expect(problems).toEqual([expect.stringMatching(new RegExp(`status of 400 .*${ROUTES.devPhoneCode}$`))])
  })

  /** A phone-sized page that never leaves this machine, recording page errors. */
  async function openPage(options: Parameters<Browser['newPage']>[0] = PHONE): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage(options)
    await page.route((url) => url.hostname !== '127.0.0.1', (request) => request.abort())
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    return { page, problems }
  }

  const toastText = (page: Page) => page.locator('uni-toast').textContent()
  const quotaState = async () => JSON.parse((await httpText(`${bffUrl}${ROUTES.devQuota}`, { method: 'GET' }).result).text) as unknown

  /** No toast or modal left on screen (each fades out), so a screenshot shows the page alone. */
  async function settled(page: Page): Promise<void> {
    await page.locator('uni-toast').waitFor({ state: 'hidden' })
    await page.locator('uni-modal').waitFor({ state: 'hidden' })
  }

  /** Home → 我的: a guest is asked to log in. */
  async function toLogin(page: Page): Promise<void> {
    await page.goto(site.url)
    await page.locator('#home-profile-entry').click()
    await page.locator('#dev-mint-btn').waitFor()
  }

  async function confirmModal(page: Page, title: string): Promise<void> {
    await expect.poll(() => page.locator('uni-modal').textContent()).toContain(title)
    await page.locator('uni-modal .uni-modal__btn_primary').click()
  }

  /** A guest on `page` signs in with 模拟授权 and lands on the profile. */
  async function signInOn(page: Page, phone: string): Promise<void> {
    await toLogin(page)
    await page.locator('#agreement-checkbox').click()
    await mintWithDevPanel(page, phone)
    await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(phone))
  }

  it('登录设备 tells two browsers apart (Safari · iOS 17.5, Chrome · macOS), 下线 ends the other; 注销账号 deletes the account', async () => {
    // Safari on an iPhone, and Chrome on a Mac: what uni.getSystemInfoSync() makes of each user agent.
    const { page, problems } = await openPage({ ...PHONE, userAgent: IPHONE_UA })
    const { page: mac } = await openPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', userAgent: MAC_CHROME_UA })
    const phone = '13700137000'
    await signInOn(mac, phone)
    const other = await storedAuth(mac)
    await signInOn(page, phone)

    await page.locator('#devices-link').click()
    await page.locator('#device-1').waitFor()
    await settled(page)
    await shoot(page, 'devices')
    const rows = await page.locator('.device-item').allTextContents()
    expect(rows).toHaveLength(2)
    const mine = rows.findIndex((row) => row.includes('本机'))
    expect(rows[mine]).toContain('Safari · iOS 17.5')
    expect(rows[1 - mine]).toContain('Chrome · macOS')
    expect(rows[1 - mine]).not.toContain('10.15') // the version browsers freeze is left out
    await readmeSays(page, '全部下线其他设备', '#revoke-others-btn')

    await page.locator(`#revoke-device-${1 - mine}`).click()
    await confirmModal(page, MODALS.revokeOne.title)
    await expect.poll(() => page.locator('.device-item').count()).toBe(1)
    await expect.poll(() => toastText(page)).toContain(TOASTS.deviceRevoked)
    expect((await postJson(bffUrl, ROUTES.refresh, { refreshToken: other.session!.refreshToken })).status).toBe(401)
    await mac.close()

    await page.goBack()
    await page.locator('#delete-account-link').click()
    await page.locator('#delete-continue-btn').waitFor()
    await settled(page)
    await shoot(page, 'delete-account')
    await page.locator('#delete-continue-btn').click()
    await confirmModal(page, MODALS.deleteAccount.title)
    await page.locator('#dev-mint-btn').waitFor()

    await mintWithDevPanel(page, '13700137001')
    await expect.poll(() => toastText(page)).toContain(userMessageFor('PHONE_MISMATCH'))
    expect(await route(page)).toBe('pages-account/delete-account/delete-account')

    await mintWithDevPanel(page, phone)
    await expect.poll(() => route(page)).toBe('pages/login/login')
    await expect.poll(() => toastText(page)).toContain(TOASTS.accountDeleted)
    expect(await storedAuth(page)).toMatchObject({ session: null, silentLoginAllowed: false })
    // The number is free again: it starts a new account.
    const again = await postJson<Session>(bffUrl, ROUTES.phoneLogin, { phoneCode: await mintPhoneCode(bffUrl, phone) })
    expect(again.body.user.id).not.toBe((other.session as unknown as Session).user.id)

    expect(problems).toEqual([])
  })

  it('模拟额度用尽: the mock WeChat answers errno 1400001 and the login page explains, offering 微信登录; nothing is signed in', async () => {
    const { page, problems } = await openPage()
    await toLogin(page)
    await page.locator('#agreement-checkbox').click()

    await page.locator('#dev-quota-switch').click()
    await expect.poll(quotaState).toEqual({ exhausted: true })
    const before = await storedAuth(page)
    await mintWithDevPanel(page, freshPhone())
    await expect.poll(() => page.locator('uni-modal').textContent()).toContain(MODALS.quotaUsedUp.title)
    await page.locator('uni-modal .uni-modal__btn_default').click() // 稍后再试
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await route(page)).toBe('pages/login/login')
    expect(await storedAuth(page)).toEqual(before)

    await page.locator('#dev-quota-switch').click()
    await expect.poll(quotaState).toEqual({ exhausted: false })
    expect(problems).toEqual([])
  })
  it('立即领取 as a guest: login, and back on home the perk is claimed with no second tap', async () => {
    const { page, problems } = await openPage()
    await page.goto(site.url)
    await page.locator('#home-perk-btn').click()
    await expect.poll(() => route(page)).toBe('pages/login/login')
    await page.locator('#agreement-checkbox').click()
    const phone = '13600136000' // fixed, as for the other screenshots (each run has a fresh database)
    await mintWithDevPanel(page, phone)
    await expect.poll(() => page.locator('#home-perk-state').textContent(), { timeout: 10_000 }).toContain(masked(phone))
    expect(await route(page)).toBe('pages/home/home')
    expect((await page.locator('#home-perk-btn').textContent())?.trim()).toBe('已领取')
    await settled(page)
    await shoot(page, 'home-claimed')
    expect(problems).toEqual([])
  })

  it('退出登录 offline: signed out at once; the logout reaches the BFF when the browser is back online, and at the next launch', async () => {
    const phone = freshPhone()
    const { body: watcher } = await postJson<Session>(bffUrl, ROUTES.phoneLogin, { phoneCode: await mintPhoneCode(bffUrl, phone) })
    const liveSessions = async () => {
      const { status, text } = await httpText(`${bffUrl}${ROUTES.meSessions}`, { method: 'GET', header: { authorization: `Bearer ${watcher.accessToken}` } }).result
      expect(status).toBe(200)
      return (JSON.parse(text) as { sessions: unknown[] }).sessions.length
    }

    for (const backOnline of ['while open', 'at the next launch'] as const) {
      const { page } = await openPage()
      await signInOn(page, phone)
      expect(await liveSessions()).toBe(2)
      await page.context().setOffline(true)
      await page.locator('#logout-btn').click()
      await expect.poll(() => route(page)).toBe('pages/home/home')
      expect((await page.locator('#home-profile-entry').textContent())?.trim()).toBe('登录')
      expect((await storedAuth(page) as unknown as { pendingLogouts: string[] }).pendingLogouts).toHaveLength(1)
      expect(await liveSessions()).toBe(2)

      if (backOnline === 'while open') {
        await page.context().setOffline(false) // the browser's "online" event
      } else {
        // Online again, but the logout still cannot get through until the app is closed: the reload sends it.
        const blockLogout = (url: URL) => url.pathname === ROUTES.logout
        await page.route(blockLogout, (request) => request.abort())
        await page.context().setOffline(false)
        await new Promise((resolve) => setTimeout(resolve, 500))
        expect(await liveSessions()).toBe(2)
        await page.unroute(blockLogout)
        await page.reload()
      }
      await expect.poll(liveSessions, { timeout: 10_000 }).toBe(1)
      await expect.poll(async () => (await storedAuth(page) as unknown as { pendingLogouts: string[] }).pendingLogouts).toEqual([])
      await page.close()
    }
  })

  it('登录设备 with the BFF unreachable: the message and a 重试 that is whole at 390 px, and works', async () => {
    const { page, problems } = await openPage()
    await signInOn(page, freshPhone())
    let unreachable = true
    await page.route((url) => url.pathname === ROUTES.meSessions, (request) => (unreachable ? request.abort() : request.continue()))
    await page.locator('#devices-link').click()
    await page.locator('#devices-retry-btn').waitFor()
    expect(await page.locator('#devices-error').textContent()).toContain(userMessageFor('NETWORK_ERROR'))
    // Whole: inside the viewport, and its text not cut by its own box.
    const box = (await page.locator('#devices-retry-btn').boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    expect(box.height).toBeGreaterThanOrEqual(30)
    expect(await page.locator('#devices-retry-btn').evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true)
    await settled(page)
    await shoot(page, 'devices-error')

    unreachable = false
    await page.locator('#devices-retry-btn').click()
    await page.locator('#device-0').waitFor()
    expect(problems.filter((p) => !p.includes('ERR_FAILED'))).toEqual([])
  })

  it('《隐私政策》 on H5 is the full template: phone number, WeChat identifiers, device details, the ledger, deletion, contact', async () => {
    const { page, problems } = await openPage()
    await toLogin(page)
    await page.locator('#privacy-policy-link').click()
    await expect.poll(() => route(page)).toBe('pages-legal/agreement/agreement')
    const text = await page.locator('.agreement-page').textContent()
    for (const item of ['手机号码', 'openid', '设备品牌与型号', '费用记录', '注销账号', '联系我们', '保存期限']) expect(text).toContain(item)
    await shoot(page, 'privacy')
    expect(problems).toEqual([])
  })

  describe('二次放号 (its own BFF with RECYCLED_AFTER_DAYS=0: no live session, no claim on the number)', () => {
    let recycling: RunningBff

    beforeAll(async () => {
      recycling = await startDevBff({ RECYCLED_AFTER_DAYS: '0' })
      return () => recycling.stop()
    }, 60_000)

    /** A browser whose calls to the run's BFF (the build's VITE_API_BASE) go to the recycling one instead. */
    async function openOnRecyclingBff(): Promise<{ page: Page; problems: string[] }> {
      const opened = await openPage()
      await opened.page.route((url) => url.origin === bffUrl, (request) => {
        const url = new URL(request.request().url())
        return request.continue({ url: `${recycling.url}${url.pathname}${url.search}` })
      })
      return opened
    }

    const sessionOn = async (page: Page) => (await storedAuth(page) as unknown as { session: Session }).session

    it('A\'s number goes to B; A signs back in silently to A\'s account, 未绑定手机号, and 绑定手机号 binds a new number with no extra step', async () => {
      const number = freshPhone()

      // A signs in with the number; then that session ends (as when its refresh token expires: here ended
      // with that refresh token), and the browser still holds it.
      const { page, problems } = await openOnRecyclingBff()
      await signInOn(page, number)
      const accountA = await sessionOn(page)
      expect((await postJson(recycling.url, ROUTES.logout, { refreshToken: accountA.refreshToken })).status).toBe(204)

      // B, another (mock) WeChat user, proves the same number in another browser: a new account holds it.
      const { page: other } = await openOnRecyclingBff()
      await signInOn(other, number)
      const accountB = await sessionOn(other)
      expect(accountB.user.id).not.toBe(accountA.user.id)
      await other.close()

      // A comes back: the ended session is refused, and silent login signs A back in to A's own account,
      // which kept everything but the number.
      const sent: { path: string; body: unknown }[] = []
      page.on('request', (request) => {
        const { pathname } = new URL(request.url())
        if (request.method() === 'POST' && pathname.startsWith('/api/')) sent.push({ path: pathname, body: request.postDataJSON() })
      })
      await page.goto(site.url)
      await page.locator('#home-profile-entry').click()
      await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe('未绑定手机号')
      expect(await route(page)).toBe('pages/profile/profile')
      expect((await sessionOn(page)).user.id).toBe(accountA.user.id)
      expect(sent.map((r) => r.path)).toContain(ROUTES.wxLogin)
      expect(sent.map((r) => r.path)).not.toContain(ROUTES.phoneLogin)
      expect(await page.locator('.profile-badge').textContent()).toBe('已关联微信')
      expect((await page.locator('#change-phone-btn').textContent())?.trim()).toBe('绑定手机号')

      // 绑定手机号, with 模拟授权 standing in for WeChat's phone sheet: the new number is bound, the step-up
      // login code fetched silently (no modal, no other page); without it the BFF would refuse (REAUTH_REQUIRED).
      const bound = freshPhone()
      await mintWithDevPanel(page, bound)
      await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(bound))
      await expect.poll(() => toastText(page)).toContain(TOASTS.phoneBound)
      expect(sent.filter((r) => r.path === ROUTES.mePhone).map((r) => r.body)).toEqual([{ phoneCode: expect.any(String), loginCode: expect.any(String) }])
      expect(await page.locator('uni-modal').isVisible()).toBe(false)
      expect(await route(page)).toBe('pages/profile/profile')
      expect((await page.locator('#change-phone-btn').textContent())?.trim()).toBe('更换手机号')
      expect((await sessionOn(page)).user).toMatchObject({ id: accountA.user.id, phone: masked(bound) })

      // B still has the number.
      const me = await httpText(`${recycling.url}${ROUTES.me}`, { method: 'GET', header: { authorization: `Bearer ${accountB.accessToken}` } }).result
      expect(me.status).toBe(200)
      expect(JSON.parse(me.text)).toMatchObject({ id: accountB.user.id, phone: masked(number) })
      expect(problems).toEqual([])
    })
  })

  it('the production H5 build says plainly that login needs the mini program, and offers no button that would do nothing', async () => {
    const { page, problems } = await openPage()
    await page.goto(prodSite.url)
    await page.locator('#home-profile-entry').click()
    await expect.poll(() => route(page)).toBe('pages/login/login')
    await page.locator('#login-mini-program-only').waitFor()
    expect(await page.locator('#login-mini-program-only').textContent()).toContain('登录需在微信小程序中进行')
    expect(await page.locator('#phone-login-btn').count()).toBe(0)
    expect(await page.locator('#dev-mint-btn').count()).toBe(0)
    expect(await page.locator('#agreement-checkbox').count()).toBe(0)
    await shoot(page, 'login-web')
    await page.locator('#skip-login-btn').click()
    await expect.poll(() => route(page)).toBe('pages/home/home')
    expect(problems).toEqual([])
  })
})
