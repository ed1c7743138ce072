/**
 * The H5 build (development mode, so 模拟授权 stands in for WeChat's phone sheet) in Chromium,
 * against the real BFF in dev mode: browse as a guest, sign in, see the profile, reload, change phone, log out.
 * Then 登录设备 with a second phone, 下线 and 注销账号, and 模拟额度用尽 (errno 1400001).
 * Saves the README screenshots (home, login with the consent sheet, profile, devices, delete-account; light and dark).
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ROUTES } from 'shared'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Session } from 'shared'
import { MODALS, TOASTS, userMessageFor } from '@/content/messages'
import { freshPhone, masked, mintPhoneCode, postJson } from './support/bffCalls'
import { httpText } from './support/httpText'
import { chromiumSkipReason, launchChromium, PHONE } from './support/browser'
import { H5_DIR, SCREENSHOT_DIR } from './support/paths'
import { serveStatic } from './support/staticServer'

const bffUrl = inject('bffUrl')
const AUTH_KEY = 'wx-phone-login:auth'
const IPHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

if (chromiumSkipReason) console.log(chromiumSkipReason)

describe.skipIf(chromiumSkipReason !== undefined)('the H5 build in Chromium', () => {
  let browser: Browser
  let site: Awaited<ReturnType<typeof serveStatic>>

  beforeAll(async () => {
    site = await serveStatic(H5_DIR)
    browser = await launchChromium()
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

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

  /** README screenshots of what is on screen now, light and dark (prefers-color-scheme). */
  async function shoot(page: Page, name: string): Promise<void> {
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

    // The profile needs a session: login, its actions at once (this browser never signed in).
    await page.locator('#home-profile-entry').click()
    await expect.poll(() => route(page)).toBe('pages/login/login')
    await page.locator('#phone-login-btn').waitFor()
    expect(await page.locator('#login-checking').count()).toBe(0)
    expect(await page.locator('#login-app-name').textContent()).toBe('青柠生活')

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

    const newPhone = '13900139000'
    await mintWithDevPanel(page, newPhone)
    await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(newPhone))
    await expect.poll(() => page.locator('uni-toast').textContent()).toContain('手机号已更换')
    // The same number again: the BFF says so in a header the browser may read (CORS exposes it).
    await mintWithDevPanel(page, newPhone)
    await expect.poll(() => page.locator('uni-toast').textContent()).toContain('已是当前手机号')

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

  it('登录设备 shows this browser and a second phone, 下线 ends the other; 注销账号 deletes the account', async () => {
    // An iPhone's browser, so uni.getSystemInfoSync() names a model for 登录设备.
    const { page, problems } = await openPage({ ...PHONE, userAgent: IPHONE_UA })
    await toLogin(page)
    await page.locator('#agreement-checkbox').click()
    const phone = '13700137000'
    await mintWithDevPanel(page, phone)
    await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(phone))
    const { status, body: other } = await postJson<Session>(bffUrl, ROUTES.phoneLogin, {
      phoneCode: await mintPhoneCode(bffUrl, phone),
      device: { platform: 'android', model: 'Xiaomi 14', appVersion: '0.1.0' },
    })
    expect(status).toBe(200)

    await page.locator('#devices-link').click()
    await page.locator('#device-1').waitFor()
    await settled(page)
    await shoot(page, 'devices')
    const rows = await page.locator('.device-item').allTextContents()
    expect(rows).toHaveLength(2)
    const mine = rows.findIndex((row) => row.includes('本机'))
    expect(rows[mine]).toContain('iPhone')
    expect(rows[1 - mine]).toContain('Xiaomi 14')

    await page.locator(`#revoke-device-${1 - mine}`).click()
    await confirmModal(page, MODALS.revokeOne.title)
    await expect.poll(() => page.locator('.device-item').count()).toBe(1)
    await expect.poll(() => toastText(page)).toContain(TOASTS.deviceRevoked)
    expect((await postJson(bffUrl, ROUTES.refresh, { refreshToken: other.refreshToken })).status).toBe(401)

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
    expect(again.body.user.id).not.toBe(other.user.id)

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
})
