/**
 * The H5 build (development mode, so 模拟授权 stands in for WeChat's phone sheet) in Chromium,
 * against the real BFF in dev mode: sign in, see the profile, reload, change phone, log out.
 * Saves the login and profile screenshots shown in the README.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { ROUTES } from 'shared'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { freshPhone, masked, postJson } from './support/bffCalls'
import { chromiumSkipReason, launchChromium, PHONE } from './support/browser'
import { H5_DIR, SCREENSHOT_DIR } from './support/paths'
import { serveStatic } from './support/staticServer'

const bffUrl = inject('bffUrl')
const AUTH_KEY = 'wx-phone-login:auth'

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

  it('signs in through 模拟授权, stays signed in across a reload, changes phone and logs out', async () => {
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

    // The home page needs a session: a new visitor lands on login.
    await page.goto(site.url)
    await expect.poll(() => route(page)).toBe('pages/login/login')
    await page.locator('#dev-mint-btn').waitFor()
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'login.png') })

    // Without the agreement ticked, nothing is sent.
    await mintWithDevPanel(page, freshPhone())
    await expect.poll(() => page.locator('uni-toast').textContent()).toContain('请先阅读并同意')
    await expect.poll(() => route(page)).toBe('pages/login/login')

    // Fixed numbers (each run has a fresh database), so the screenshots only change when the app does.
    const phone = '13800138000'
    await page.locator('#agreement-checkbox').click()
    await mintWithDevPanel(page, phone)
    await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(phone))
    expect(await route(page)).toBe('pages/profile/profile')
    expect(await page.locator('.profile-badge').textContent()).toBe('已关联微信')

    await page.reload()
    await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(phone))
    expect(await route(page)).toBe('pages/profile/profile')
    await page.locator('#profile-nickname').waitFor()
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'profile.png') })

    const newPhone = '13900139000'
    await mintWithDevPanel(page, newPhone)
    await expect.poll(() => page.locator('#profile-phone').textContent(), { timeout: 10_000 }).toBe(masked(newPhone))
    await expect.poll(() => page.locator('uni-toast').textContent()).toContain('手机号已更换')

    const { session } = await storedAuth(page)
    expect(session?.refreshToken).toBeTruthy()
    await page.locator('#logout-btn').click()
    await expect.poll(() => route(page)).toBe('pages/login/login')
    await page.locator('#dev-mint-btn').waitFor()
    expect(await storedAuth(page)).toMatchObject({ session: null, silentLoginAllowed: false })
    // The server revoked that session too.
    expect((await postJson(bffUrl, ROUTES.refresh, { refreshToken: session!.refreshToken })).status).toBe(401)

    // A reload after logout stays signed out: silent login does not sign the user straight back in.
    await page.reload()
    await page.locator('#dev-mint-btn').waitFor()
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await route(page)).toBe('pages/login/login')

    expect(problems).toEqual([])
  })
})
