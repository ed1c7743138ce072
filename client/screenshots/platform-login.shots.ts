/**
 * `pnpm --filter client screenshots`: the login page of each platform's build for the README's first
 * screen (docs/screenshots/login-<platform>.png). No simulator draws Douyin's or Alipay's pages here, so
 * each is the H5 rendering of that platform's conditional branch (uni -p h5-douyin / h5-alipay), made as
 * a production build. Not part of `pnpm test`: run it when the login page changes.
 */
import path from 'node:path'
import { afterAll, beforeAll, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, PHONE } from '../e2e/support/browser'
import { CLIENT_DIR, SCREENSHOT_DIR } from '../e2e/support/paths'
import { serveStatic } from '../e2e/support/staticServer'
import { uniBuild } from '../e2e/support/uniBuild'

const BUILDS = [
  { name: 'weixin', platform: undefined },
  { name: 'douyin', platform: 'h5-douyin' },
  { name: 'alipay', platform: 'h5-alipay' },
] as const

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

it.each(BUILDS)('the login page of the $name build', async ({ name, platform }) => {
  const outDir = path.join(CLIENT_DIR, 'dist/screenshots', name)
  // Nothing answers at this address: the page is drawn as a guest sees it, with no BFF behind it.
  await uniBuild({ ...(platform ? { platform } : {}), outDir, env: { VITE_API_BASE: 'http://127.0.0.1:9' } })
  const site = await serveStatic(outDir)
  try {
    const page = await browser.newPage(PHONE)
    await page.route((url) => url.hostname !== '127.0.0.1', (request) => request.abort())
    await page.goto(`${site.url}/#/pages/login/login`)
    await page.locator('#phone-login-btn').waitFor()
    await new Promise((resolve) => setTimeout(resolve, 500))
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `login-${name}.png`) })
    await page.close()
  } finally {
    await site.close()
  }
}, 180_000)
