/**
 * Static checks on the production Douyin and Alipay mini programs (`uni build -p mp-toutiao` /
 * `-p mp-alipay`, made by globalSetup with an appid, an https API base and the server's secrets in
 * their environment): pages, the phone button's open-type and events, the appid sent with logins,
 * and nothing that must not ship.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROUTES } from 'shared'
import { describe, expect, inject, it } from 'vitest'
import { DEV_ROUTES } from '@/dev/devPlatformApi'
import { outputFiles, wxmlTags } from './support/outputFiles'
import { MP_ALIPAY_DIR, MP_TOUTIAO_DIR } from './support/paths'

/** The strictest main-package limit of the three platforms (WeChat's and Alipay's 2 MB). */
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024
const PAGES = ['pages/home/home', 'pages/login/login', 'pages/profile/profile']
const ACCOUNT_SUBPACKAGE = { root: 'pages-account', pages: ['devices/devices', 'delete-account/delete-account'] }
const LEGAL_SUBPACKAGE = { root: 'pages-legal', pages: ['agreement/agreement'] }
const DEV_ONLY = [...Object.values(DEV_ROUTES).flatMap((routes) => Object.values(routes)), ROUTES.devQuota, '/__dev/', '模拟授权']

const TARGETS = [
  {
    name: 'mp-toutiao',
    dir: MP_TOUTIAO_DIR,
    markup: 'ttml',
    style: 'ttss',
    appid: () => inject('douyinAppid'),
    // Measured on 2026-12-06 (common/vendor.js 83 KB); the budget is that plus 20%.
    measuredBytes: 132_245,
    projectFiles: ['project.config.json', 'project.private.config.json'],
  },
  {
    name: 'mp-alipay',
    dir: MP_ALIPAY_DIR,
    markup: 'axml',
    style: 'acss',
    appid: () => inject('alipayAppid'),
    // Measured on 2026-12-06: uni's mp-alipay output is not minified (common/vendor.js 169 KB); plus 20%.
    measuredBytes: 235_613,
    projectFiles: ['mini.project.json'],
  },
] as const

describe.each(TARGETS)('the production $name output', (target) => {
  const files = outputFiles(target.dir)
  const read = (name: string) => readFileSync(path.join(target.dir, name), 'utf8')
  const containing = (needle: string) => files.filter((file) => file.text.includes(needle)).map((file) => file.name)
  const button = () => wxmlTags(read(`components/PhoneLoginButton/PhoneLoginButton.${target.markup}`), 'button')

  it('app.json declares the pages, home first, the account pages as a subpackage, and each page is complete', () => {
    const app = JSON.parse(read('app.json')) as { pages: string[]; subPackages?: { root: string; pages: string[] }[] }
    expect(app.pages[0]).toBe('pages/home/home')
    expect(app.pages).toEqual(expect.arrayContaining(PAGES))
    expect(app.subPackages).toEqual([ACCOUNT_SUBPACKAGE, LEGAL_SUBPACKAGE])
    const all = [...app.pages, ...[ACCOUNT_SUBPACKAGE, LEGAL_SUBPACKAGE].flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`))]
    for (const page of all) {
      for (const ext of ['js', 'json', target.markup, target.style]) expect(files.some((f) => f.name === `${page}.${ext}`), `${page}.${ext}`).toBe(true)
    }
    // The login page uses the one PhoneLoginButton.
    expect(JSON.stringify(JSON.parse(read('pages/login/login.json')))).toContain('PhoneLoginButton')
  })

  if (target.name === 'mp-toutiao') {
    it('Douyin\'s button: a bound open-type that is getPhoneNumber, bindgetphonenumber, data-eventsync, and 手机号码一键登录', () => {
      const [attrs] = button()
      expect(button()).toHaveLength(1)
      expect(attrs).toMatchObject({ 'open-type': expect.stringMatching(/^\{\{\s*\w+\s*\}\}$/), 'data-eventsync': 'true' })
      expect(attrs!.bindgetphonenumber).toMatch(/^\{\{\s*\w+\s*\}\}$/)
      expect(attrs!.bindgetrealtimephonenumber).toBeUndefined() // no real-time verification on Douyin
      const code = read('components/PhoneLoginButton/usePhoneLoginButton.js')
      expect(code).toMatch(/["']getPhoneNumber["']/)
      expect(read(`components/PhoneLoginButton/PhoneLoginButton.${target.markup}`)).toContain('手机号码一键登录')
      // Neither WeChat's nor Alipay's branch of the template came along.
      expect(read(`components/PhoneLoginButton/PhoneLoginButton.${target.markup}`)).not.toMatch(/getAuthorize|scope=|realtimephonenumber|no-quota-toast/i)
    })
  } else {
    it('Alipay\'s button: open-type getAuthorize with scope phoneNumber, onGetAuthorize and onError, then my.getPhoneNumber', () => {
      const [attrs] = button()
      expect(button()).toHaveLength(1)
      expect(attrs).toMatchObject({ 'scope': 'phoneNumber', 'open-type': expect.stringMatching(/^\{\{\s*\w+\s*\}\}$/) })
      expect(attrs!.onGetAuthorize).toMatch(/^\{\{\s*\w+\s*\}\}$/)
      expect(attrs!.onError).toMatch(/^\{\{\s*\w+\s*\}\}$/)
      const code = read('components/PhoneLoginButton/usePhoneLoginButton.js')
      expect(code).toMatch(/["']getAuthorize["']/)
      expect(code).toMatch(/my\.getPhoneNumber\(/)
      // uni's own getPhoneNumber → getAuthorize rewrite splits the response; ours is not used.
      expect(containing('$onAliGetAuthorize').filter((name) => !name.startsWith('common/'))).toEqual([])
    })
  }

  it('sends logins with its appid to the https API base, silent login on silent-login', () => {
    expect(containing(`"${target.appid()}"`).filter((name) => !target.projectFiles.includes(name as never))).not.toEqual([])
    expect(containing(inject('mpApiBase'))).not.toEqual([])
    expect(containing('http://127.0.0.1')).toEqual([])
    expect(containing('/api/auth/silent-login')).not.toEqual([])
  })

  it('contains neither the secrets from its build environment nor any dev minting route', () => {
    const secrets = inject('buildSecrets')
    expect(containing(secrets.WECHAT_SECRET)).toEqual([])
    expect(containing(secrets.AUTH_SIGNING_KEYS)).toEqual([])
    for (const needle of DEV_ONLY) expect(containing(needle), needle).toEqual([])
  })

  it(`keeps the main package within its measured size + 20% and the 2 MB limit`, () => {
    const main = files.filter((f) => !f.name.startsWith(`${ACCOUNT_SUBPACKAGE.root}/`) && !(target.projectFiles as readonly string[]).includes(f.name))
    const bytes = main.reduce((sum, f) => sum + f.bytes, 0)
    console.log(`${target.name} main package ${bytes} B (budget ${Math.round(target.measuredBytes * 1.2)})`)
    expect(bytes).toBeLessThanOrEqual(Math.round(target.measuredBytes * 1.2))
    expect(bytes).toBeLessThan(MAIN_PACKAGE_LIMIT)
  })
})
