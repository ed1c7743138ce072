import { ROUTES } from 'shared'
import type { Session } from 'shared'
import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '@/api/apiError'
import { mintPhoneCode, postJson } from '../e2e/support/bffCalls'
import { newPhone } from 'server/testing/phones'
import { bffUrl, count, launchApp, signedIn } from './helpers'
import { installUni } from './uniRuntime'

const runtime = installUni(bffUrl)
const STORAGE_KEY = 'wx-phone-login:auth'
const MASKED = /^\d{3}\*{4}\d{4}$/

beforeEach(() => runtime.reset())

describe('auth store against the real BFF', () => {
  it('phone login signs in, links this WeChat user, and shows only the masked number', async () => {
    const { auth, phone } = await signedIn()
    expect(auth.isLoggedIn).toBe(true)
    expect(auth.user?.phone).toMatch(MASKED)
    expect(auth.user?.phone.slice(-4)).toBe(phone.slice(-4))
    expect(auth.user?.wechatLinked).toBe(true)
    // One call carried both codes.
    expect(count(runtime.requests, 'POST', ROUTES.phoneLogin)).toBe(1)
    expect(JSON.stringify(auth.session)).not.toContain(phone)
    const me = await auth.loadMe()
    expect(me.id).toBe(auth.user?.id)
  })

  it('phone login still signs in, unlinked, when uni.login fails', async () => {
    runtime.loginFailure = 'login:fail network'
    const { auth } = await signedIn()
    expect(auth.isLoggedIn).toBe(true)
    expect(auth.user?.wechatLinked).toBe(false)
  })

  it('a used phone code is refused with a message asking for a new tap', async () => {
    const auth = launchApp()
    const code = await mintPhoneCode(bffUrl, newPhone())
    await auth.phoneLogin(code)
    await auth.logout()
    const error = await auth.phoneLogin(code).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'PHONE_CODE_INVALID', status: 400, userMessage: '授权已过期，请重新登录' })
    expect(auth.isLoggedIn).toBe(false)
  })

  it('silent login signs a returning user in with no tap and no phone call', async () => {
    const { auth: first } = await signedIn()
    const userId = first.user?.id
    // Same WeChat user on a fresh install: nothing stored.
    runtime.storage.clear()
    runtime.requests.length = 0
    const auth = launchApp()
    expect(auth.isLoggedIn).toBe(false)
    expect(await auth.silentLogin()).toBe(true)
    expect(auth.user?.id).toBe(userId)
    expect(count(runtime.requests, 'POST', ROUTES.wxLogin)).toBe(1)
    expect(count(runtime.requests, 'POST', ROUTES.phoneLogin)).toBe(0)
  })

  it('silent login of a WeChat user with no account leaves them signed out', async () => {
    const auth = launchApp()
    expect(await auth.silentLogin()).toBe(false)
    expect(auth.isLoggedIn).toBe(false)
    expect(count(runtime.requests, 'POST', ROUTES.wxLogin)).toBe(1)
  })

  it('the session survives an app restart (store re-created from storage)', async () => {
    const { auth: before } = await signedIn()
    const session = JSON.parse(JSON.stringify(before.session)) as Session
    const after = launchApp()
    expect(after).not.toBe(before)
    expect(after.isLoggedIn).toBe(true)
    expect(after.session).toEqual(session)
    expect((await after.loadMe()).id).toBe(session.user.id)
  })

  it.each([
    ['not JSON', '{"session": {'],
    ['the wrong shape', JSON.stringify({ session: { accessToken: 42, user: null } })],
    ['a non-string value', { session: 'x' }],
  ])('a stored value that is %s is discarded, not fatal', (_label, stored) => {
    runtime.storage.set(STORAGE_KEY, stored)
    const auth = launchApp()
    expect(auth.isLoggedIn).toBe(false)
    // Replaced, so the damage is not read again on the next launch.
    expect(JSON.parse(runtime.storage.get(STORAGE_KEY) as string)).toEqual({ session: null, silentLoginAllowed: true, signedInBefore: false, pendingLogouts: [] })
  })

  it('logout signs out at once, revokes the refresh token, and stops silent login', async () => {
    const { auth } = await signedIn()
    const refreshToken = auth.session!.refreshToken
    await auth.logout()
    expect(auth.isLoggedIn).toBe(false)
    expect(count(runtime.requests, 'POST', ROUTES.logout)).toBe(1)
    const refused = await postJson<{ error: { code: string } }>(bffUrl, ROUTES.refresh, { refreshToken })
    expect(refused.status).toBe(401)
    expect(refused.body.error.code).toBe('REFRESH_TOKEN_INVALID')
    // The user asked to leave: the login page must not sign them straight back in, even after a restart.
    const relaunched = launchApp()
    // …while the device remembers it has been signed in (the login page waits briefly for silent login then).
    expect(relaunched.signedInBefore).toBe(true)
    expect(await relaunched.silentLogin()).toBe(false)
    expect(count(runtime.requests, 'POST', ROUTES.wxLogin)).toBe(0)
    // Their next phone login turns silent login back on.
    await relaunched.phoneLogin(await mintPhoneCode(bffUrl, newPhone()))
    expect(relaunched.silentLoginAllowed).toBe(true)
  })

  it('logout with the BFF unreachable still signs out here', async () => {
    const { auth } = await signedIn()
    runtime.wrapRequest((options) => setTimeout(() => options.fail?.({ errMsg: 'request:fail offline' }), 0))
    await auth.logout()
    expect(auth.isLoggedIn).toBe(false)
    expect(JSON.parse(runtime.storage.get(STORAGE_KEY) as string).session).toBeNull()
  })

  it('changePhone moves the account to the new number; a number owned by another account is PHONE_TAKEN', async () => {
    const { phone: taken } = await signedIn()
    const { auth } = await signedIn()
    const id = auth.user?.id
    const next = newPhone()
    const { user, unchanged } = await auth.changePhone(await mintPhoneCode(bffUrl, next))
    expect(unchanged).toBe(false)
    expect(user.id).toBe(id)
    expect(auth.user?.phone).toMatch(MASKED)
    expect(auth.user?.phone.slice(-4)).toBe(next.slice(-4))
    // Persisted too.
    expect(launchApp().user?.phone).toBe(user.phone)

    const error = await auth.changePhone(await mintPhoneCode(bffUrl, taken)).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'PHONE_TAKEN', status: 409, userMessage: '该手机号已绑定其他账号' })
    expect(auth.user?.phone.slice(-4)).toBe(next.slice(-4))
  })

  it('every login sends this device (uni.getSystemInfoSync, each field cut to 64 characters) and says which codes are real-time', async () => {
    runtime.systemInfo = { platform: 'android', system: 'Android 14', brand: 'Xiaomi', model: `Xiaomi ${'9'.repeat(80)}`, appVersion: '0.1.0' }
    const device = { platform: 'Android 14', model: `小米 ${'9'.repeat(57)}`, appVersion: '0.1.0' }
    const { auth } = await signedIn()
    const bodyOf = (path: string) => runtime.requests.filter((r) => r.path === path).at(-1)?.body
    expect(bodyOf(ROUTES.phoneLogin)).toEqual({ phoneCode: expect.any(String), loginCode: expect.any(String), device })

    await auth.changePhone(await mintPhoneCode(bffUrl, newPhone()), true)
    // The step-up: a fresh login code, fetched silently, goes with the new number's proof.
    expect(bodyOf(ROUTES.mePhone)).toEqual({ phoneCode: expect.any(String), loginCode: expect.any(String), realtime: true })

    // A fresh install of the same WeChat user: silent login carries the device too.
    runtime.storage.clear()
    expect(await launchApp().silentLogin()).toBe(true)
    expect(bodyOf(ROUTES.wxLogin)).toEqual({ loginCode: expect.any(String), device })

    const realtime = launchApp()
    await realtime.logout()
    await realtime.phoneLogin(await mintPhoneCode(bffUrl, newPhone()), true)
    expect(bodyOf(ROUTES.phoneLogin)).toMatchObject({ device, realtime: true })
  })

  it('changePhone to the number the account already has says so (the BFF\'s X-Phone-Unchanged: 1)', async () => {
    const { auth, phone } = await signedIn()
    const { user, unchanged } = await auth.changePhone(await mintPhoneCode(bffUrl, phone))
    expect(unchanged).toBe(true)
    expect(user.phone.slice(-4)).toBe(phone.slice(-4))
  })
})
