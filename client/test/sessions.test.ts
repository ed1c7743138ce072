import { ROUTES, revokeSessionRoute } from 'shared'
import type { Session, SessionsResponse } from 'shared'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMeApi } from '@/api/meApi'
import { TOASTS, userMessageFor } from '@/content/messages'
import { mintLoginCode, mintPhoneCode, postJson } from '../e2e/support/bffCalls'
import { newPhone } from 'server/testing/phones'
import { httpText } from '../e2e/support/httpText'
import { bffUrl, count, launchApp, signedIn } from './helpers'
import { installUni } from './uniRuntime'

const runtime = installUni(bffUrl)
beforeEach(() => runtime.reset())

const OTHER_DEVICE = { platform: 'android', model: 'Xiaomi 14', appVersion: '0.1.0' }

/** A second phone signing in to the same number, straight over HTTP. */
async function otherDevice(phone: string): Promise<Session> {
  const { status, body } = await postJson<Session>(bffUrl, ROUTES.phoneLogin, { phoneCode: await mintPhoneCode(bffUrl, phone), device: OTHER_DEVICE })
  expect(status).toBe(200)
  return body
}

async function sessionsOf(session: Session): Promise<{ status: number; body: SessionsResponse }> {
  const { status, text } = await httpText(`${bffUrl}${ROUTES.meSessions}`, { method: 'GET', header: { authorization: `Bearer ${session.accessToken}` } }).result
  return { status, body: JSON.parse(text) as SessionsResponse }
}

describe('sessions (登录设备) against the real BFF', () => {
  it('lists this device and the other one, this one marked current, each with the device it sent', async () => {
    const { auth, phone } = await signedIn()
    const me = createMeApi(auth.http)
    await otherDevice(phone)
    const { sessions } = await me.sessions()
    expect(sessions).toHaveLength(2)
    expect(sessions.filter((s) => s.current)).toEqual([expect.objectContaining({ device: { platform: 'iOS 17.4', model: 'iPhone 15', appVersion: '0.1.0' } })])
    expect(sessions.find((s) => !s.current)?.device).toEqual(OTHER_DEVICE)
    for (const s of sessions) expect(Date.parse(s.lastActiveAt)).not.toBeNaN()
  })

  it('下线 ends the other session at once: its refresh token and access token are refused', async () => {
    const { auth, phone } = await signedIn()
    const me = createMeApi(auth.http)
    const other = await otherDevice(phone)
    const target = (await me.sessions()).sessions.find((s) => !s.current)!
    await me.revokeSession(target.id)
    expect((await postJson(bffUrl, ROUTES.refresh, { refreshToken: other.refreshToken })).status).toBe(401)
    expect((await sessionsOf(other)).status).toBe(401)
    expect((await me.sessions()).sessions.map((s) => s.current)).toEqual([true])
    // Already gone: NOT_FOUND, with its message.
    await expect(me.revokeSession(target.id)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404, userMessage: userMessageFor('NOT_FOUND') })
    expect(runtime.requests.some((r) => r.path === revokeSessionRoute(target.id))).toBe(true)
  })

  it('全部下线其他设备 ends every other session and keeps this one', async () => {
    const { auth, phone } = await signedIn()
    const me = createMeApi(auth.http)
    const others = [await otherDevice(phone), await otherDevice(phone)]
    await me.revokeOtherSessions()
    for (const other of others) expect((await postJson(bffUrl, ROUTES.refresh, { refreshToken: other.refreshToken })).status).toBe(401)
    expect((await me.sessions()).sessions).toHaveLength(1)
    expect(auth.isLoggedIn).toBe(true)
  })

  it('a session ended from another device signs this one out once: one refresh attempt, one toast, one trip to login', async () => {
    const { auth, phone } = await signedIn()
    const other = await otherDevice(phone)
    const revoked = await httpText(`${bffUrl}${ROUTES.revokeOtherSessions}`, { method: 'POST', header: { authorization: `Bearer ${other.accessToken}` } }).result
    expect(revoked.status).toBe(204)
    runtime.requests.length = 0

    const results = await Promise.allSettled([auth.loadMe(), auth.loadMe(), createMeApi(auth.http).sessions()])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    // The access token is refused at once (not at its expiry), the one refresh is refused, and that is all.
    expect(count(runtime.requests, 'POST', ROUTES.refresh)).toBe(1)
    expect(runtime.requests.find((r) => r.path === ROUTES.refresh)?.status).toBe(401)
    expect(runtime.requests.filter((r) => r.path !== ROUTES.refresh).map((r) => r.status)).toEqual([401, 401, 401])
    expect(auth.isLoggedIn).toBe(false)
    expect(runtime.toasts).toEqual([TOASTS.sessionExpired])
    expect(runtime.navigations).toEqual([{ api: 'navigateTo', url: `/pages/login/login?redirect=${encodeURIComponent('/pages/profile/profile')}` }])

    // A revoked device cannot sign itself back in with uni.login alone.
    expect(await launchApp().silentLogin()).toBe(false)
  })
})

describe('注销账号 against the real BFF', () => {
  it('a phone code for another number is PHONE_MISMATCH and changes nothing', async () => {
    const { auth } = await signedIn()
    const error = await auth.deleteAccount(await mintPhoneCode(bffUrl, newPhone()), true).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'PHONE_MISMATCH', status: 403, userMessage: userMessageFor('PHONE_MISMATCH') })
    expect(auth.isLoggedIn).toBe(true)
    await expect(auth.loadMe()).resolves.toMatchObject({ id: auth.user!.id })
  })

  it('deletes the account: signed out here, every session ended, WeChat unlinked, and the number starts a new account', async () => {
    const { auth, phone } = await signedIn()
    const id = auth.user!.id
    const refreshToken = auth.session!.refreshToken
    const other = await otherDevice(phone)

    await auth.deleteAccount(await mintPhoneCode(bffUrl, phone), true)
    expect(runtime.requests.find((r) => r.path === ROUTES.deleteAccount)).toMatchObject({ status: 204, body: { phoneCode: expect.any(String), realtime: true } })
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.silentLoginAllowed).toBe(false)
    expect(JSON.parse(runtime.storage.get('wx-phone-login:auth') as string)).toEqual({ session: null, silentLoginAllowed: false, signedInBefore: false, pendingLogouts: [] })

    for (const token of [refreshToken, other.refreshToken]) expect((await postJson(bffUrl, ROUTES.refresh, { refreshToken: token })).status).toBe(401)
    const wx = await postJson(bffUrl, ROUTES.wxLogin, { loginCode: await mintLoginCode(bffUrl, runtime.openid) })
    expect(wx.body).toEqual({ registered: false })
    const again = await postJson<Session>(bffUrl, ROUTES.phoneLogin, { phoneCode: await mintPhoneCode(bffUrl, phone) })
    expect(again.status).toBe(200)
    expect(again.body.user.id).not.toBe(id)
  })
})
