import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Session, SessionsResponse, User, WxLoginResponse } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { costReport, costTotals } from '../src/ledger/cost-report'
import { startMockWechatHost, type RunningMockWechatHost } from '../src/platforms/weixin/mock'
import { startTestBff, tempDir, type TestBff } from './support/bff'
import { countRows } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

// Two mini programs of one team, bound to one Open Platform account: a person has an openid in each and one
// unionid. A third app is not bound (WeChat sends it no unionid).
const SHOP = { appid: 'wxshop000000000001', secret: 'shop-secret-0123456789abcdef' }
const CLUB = { appid: 'wxclub000000000002', secret: 'club-secret-0123456789abcdef' }
const SOLO = { appid: 'wxsolo000000000003', secret: 'solo-secret-0123456789abcdef' }

let host: RunningMockWechatHost
let bff: TestBff
const dir = tempDir('bff-apps-')

beforeAll(async () => {
  host = await startMockWechatHost([SHOP, CLUB, SOLO])
  const appsFile = join(dir.path, 'apps.json')
  // Secrets by reference: the file can be committed, the values come from the environment.
  writeFileSync(appsFile, JSON.stringify({ apps: [
    { platform: 'weixin', appid: SHOP.appid, secret: '$SHOP_SECRET' },
    { platform: 'weixin', appid: CLUB.appid, secret: '$CLUB_SECRET', phonePriceFen: 5, realtimePriceFen: 7 },
    { platform: 'weixin', appid: SOLO.appid, secret: SOLO.secret },
  ] }))
  bff = await startTestBff({
    mock: { url: host.url, close: host.close, mock: host.apps[SHOP.appid]! },
    env: { WECHAT_APPID: '', WECHAT_SECRET: '', APPS_FILE: appsFile, SHOP_SECRET: SHOP.secret, CLUB_SECRET: CLUB.secret },
  })
})
afterAll(async () => {
  await bff.dispose()
  await host.close()
  dir.remove()
})

const mock = (app: { appid: string }) => host.apps[app.appid]!
const loginCode = (app: { appid: string }, openid: string, unionid?: string) => mock(app).mintLoginCode(openid, unionid === undefined ? {} : { unionid })
const phoneLogin = (app: { appid: string }, phone: string, openid?: string, unionid?: string) => request<Session>(`${bff.url}/api/auth/phone-login`, {
  body: { app: app.appid, phoneCode: mock(app).mintPhoneCode(phone), ...(openid === undefined ? {} : { loginCode: loginCode(app, openid, unionid) }) },
})
const silentLogin = (app: { appid: string }, openid: string, unionid?: string) =>
  request<WxLoginResponse>(`${bff.url}/api/auth/silent-login`, { body: { app: app.appid, loginCode: loginCode(app, openid, unionid) } })
const paidCalls = () => Object.fromEntries([SHOP, CLUB, SOLO].map((app) => [app.appid, mock(app).calls().getuserphonenumber]))

describe('several WeChat apps, one account per person', () => {
  it('signs a person who signed up in one app into another by unionid, with no paid call, and links that app', async () => {
    const phone = newPhone()
    const union = `u_${phone}`
    const first = await phoneLogin(SHOP, phone, `o_shop_${phone}`, union)
    expect(first.status, first.text).toBe(200)
    expect(first.body.user.identities).toEqual([{ platform: 'weixin', app: SHOP.appid }])
    const paid = paidCalls()

    const club = await silentLogin(CLUB, `o_club_${phone}`, union)
    expect(club.status, club.text).toBe(200)
    const session = club.body as Session
    expect(session.user.id).toBe(first.body.user.id)
    expect(session.user.identities).toEqual([{ platform: 'weixin', app: CLUB.appid }, { platform: 'weixin', app: SHOP.appid }])
    expect(paidCalls()).toEqual(paid)
    // The link is made: the club's openid alone signs in from now on, and the session says which app it is in.
    const again = await silentLogin(CLUB, `o_club_${phone}`)
    expect((again.body as Session).user.id).toBe(first.body.user.id)
    const sessions = await request<SessionsResponse>(`${bff.url}/api/me/sessions`, { token: session.accessToken })
    expect(sessions.body.sessions.map((s) => [s.platform, s.app]).sort()).toEqual([
      ['weixin', CLUB.appid], ['weixin', CLUB.appid], ['weixin', SHOP.appid],
    ])
    // wx-login is the same, for WeChat apps.
    const wx = await request<Session>(`${bff.url}/api/auth/wx-login`, { body: { app: CLUB.appid, loginCode: loginCode(CLUB, `o_club_${phone}`) } })
    expect(wx.body.user.id).toBe(first.body.user.id)
  })

  it('an app without unionid signs in nobody silently; a phone-login with a loginCode links it to the number\'s account', async () => {
    const phone = newPhone()
    const first = await phoneLogin(SHOP, phone, `o_shop_${phone}`, `u_${phone}`)
    const before = await countRows(bff)
    expect((await silentLogin(SOLO, `o_solo_${phone}`)).body).toEqual({ registered: false })
    expect(await countRows(bff)).toEqual(before)
    const linked = await phoneLogin(SOLO, phone, `o_solo_${phone}`)
    expect(linked.body.user.id).toBe(first.body.user.id)
    expect(linked.body.user.identities.map((i) => i.app).sort()).toEqual([SHOP.appid, SOLO.appid].sort())
    expect(((await silentLogin(SOLO, `o_solo_${phone}`)).body as Session).user.id).toBe(first.body.user.id)
  })

  it('revoking a session blocks silent login for every identity of the account, the unionid join included', async () => {
    const phone = newPhone()
    const union = `u_${phone}`
    const shop = await phoneLogin(SHOP, phone, `o_shop_${phone}`, union)
    const club = (await silentLogin(CLUB, `o_club_${phone}`, union)).body as Session
    expect(club.user.id).toBe(shop.body.user.id)
    expect((await request(`${bff.url}/api/me/sessions/revoke-others`, { method: 'POST', token: club.accessToken })).status).toBe(204)
    expect((await silentLogin(SHOP, `o_shop_${phone}`)).body).toEqual({ registered: false })
    expect((await silentLogin(CLUB, `o_club_${phone}`)).body).toEqual({ registered: false })
  })

  it('needs "app" when several apps are configured, and refuses an unknown one, before any upstream call', async () => {
    const calls = mock(SHOP).calls()
    const before = await countRows(bff)
    expectError(await request(`${bff.url}/api/auth/phone-login`, { body: { phoneCode: mock(SHOP).mintPhoneCode(newPhone()) } }), 400, 'VALIDATION_FAILED')
    expectError(await request(`${bff.url}/api/auth/silent-login`, { body: { loginCode: 'x' } }), 400, 'VALIDATION_FAILED')
    expectError(await request(`${bff.url}/api/auth/wx-login`, { body: { app: 'wxnotours', loginCode: 'x' } }), 400, 'VALIDATION_FAILED')
    expectError(await request(`${bff.url}/api/auth/silent-login`, { body: { app: 'wxnotours', loginCode: 'x' } }), 400, 'VALIDATION_FAILED')
    expectError(await request(`${bff.url}/api/auth/silent-login`, { body: { app: 42, loginCode: 'x' } }), 400, 'VALIDATION_FAILED')
    expect(mock(SHOP).calls()).toEqual(calls)
    expect(await countRows(bff)).toEqual(before)
  })

  it('refuses a phone code of one app sent as another\'s (PHONE_CODE_INVALID), and counts every exchange per app', async () => {
    const phone = newPhone()
    const wrong = await request(`${bff.url}/api/auth/phone-login`, { body: { app: CLUB.appid, phoneCode: mock(SHOP).mintPhoneCode(phone) } })
    expectError(wrong, 400, 'PHONE_CODE_INVALID')
    expect((await phoneLogin(CLUB, phone)).status).toBe(200)
    expect((await request<Session>(`${bff.url}/api/auth/phone-login`, {
      body: { app: CLUB.appid, phoneCode: mock(CLUB).mintPhoneCode(phone), realtime: true },
    })).status).toBe(200)
    const metrics = (await request<string>(`${bff.url}/metrics`)).text
    const metric = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\d+)$`, 'm').exec(metrics)?.[1])
    expect(metric(`phone_number_exchanges_total{platform="weixin",app="${CLUB.appid}",mode="quick",outcome="rejected"}`)).toBe(1)
    expect(metric(`phone_number_exchanges_total{platform="weixin",app="${CLUB.appid}",mode="quick",outcome="ok"}`)).toBeGreaterThanOrEqual(1)
    // The club's own prices (5 quick, 7 real-time) from APPS_FILE.
    const quick = metric(`phone_number_exchanges_total{platform="weixin",app="${CLUB.appid}",mode="quick",outcome="ok"}`)
    expect(metric(`phone_number_cost_fen_total{platform="weixin",app="${CLUB.appid}",mode="quick"}`)).toBe(quick * 5)
    expect(metric(`phone_number_cost_fen_total{platform="weixin",app="${CLUB.appid}",mode="realtime"}`)).toBe(7)
    expect(metrics).toContain(`phone_number_cost_fen_total{platform="weixin",app="${SOLO.appid}",mode="quick"}`)
  })

  it('shows the account\'s apps on /api/me', async () => {
    const phone = newPhone()
    const session = (await phoneLogin(SOLO, phone, `o_solo_${phone}`)).body
    const me = await request<User>(`${bff.url}/api/me`, { token: session.accessToken })
    expect(me.body).toMatchObject({ wechatLinked: true, identities: [{ platform: 'weixin', app: SOLO.appid }] })
    expect(me.text).not.toContain(`o_solo_${phone}`)
  })

  it('reports each app\'s exchanges, cost and new accounts, an account counting for the app whose login created it', async () => {
    // Run last: the tests above created 3 accounts in the shop, 1 in the club, 1 in the solo app.
    const totals = costTotals(await costReport(bff.deps.database, Date.now(), 2))
    expect(Object.fromEntries(Object.entries(totals.apps).map(([appid, app]) => [appid, [app.platform, app.newAccounts]]))).toEqual({
      [SHOP.appid]: ['weixin', 3], [CLUB.appid]: ['weixin', 1], [SOLO.appid]: ['weixin', 1],
    })
    expect(totals.apps[CLUB.appid]).toMatchObject({ exchanges: { quick: { ok: 1, rejected: 1 }, realtime: { ok: 1 } }, costFen: 5 + 7 })
    expect(totals.apps[SHOP.appid]!.costFen).toBe(3 * 3)
  })
})

describe('the access token names the app of its session', () => {
  it('carries that app in its `app` claim and X-App, after a refresh too', async () => {
    const phone = newPhone()
    const login = await phoneLogin(CLUB, phone, `o_club_${phone}`)
    expect(login.status, login.text).toBe(200)
    const appOf = async (accessToken: string) => {
      const verified = await request(`${bff.url}/api/auth/verify`, { method: 'GET', token: accessToken })
      expect(verified.status).toBe(204)
      const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as { app: string }
      return [claims.app, verified.headers.get('x-app')]
    }
    expect(await appOf(login.body.accessToken)).toEqual([CLUB.appid, CLUB.appid])
    const refreshed = await request<Session>(`${bff.url}/api/auth/refresh`, { body: { refreshToken: login.body.refreshToken } })
    expect(refreshed.status).toBe(200)
    expect(await appOf(refreshed.body.accessToken)).toEqual([CLUB.appid, CLUB.appid])
  })
})
