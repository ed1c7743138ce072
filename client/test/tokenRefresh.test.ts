import { ROUTES } from 'shared'
import { beforeEach, describe, expect, it } from 'vitest'
import { postJson } from '../e2e/support/bffCalls'
import { waitUntilRejected } from './bff'
import { bffUrl, count, launchApp, signedIn } from './helpers'
import { installUni } from './uniRuntime'

const runtime = installUni(bffUrl)

beforeEach(() => runtime.reset())

async function signedInWithExpiredToken() {
  const { auth } = await signedIn()
  await waitUntilRejected(bffUrl, auth.session!)
  runtime.requests.length = 0
  return auth
}

describe('401 handling against the real BFF (ACCESS_TOKEN_TTL=2)', () => {
  it('concurrent 401s share one refresh, and every request is replayed', async () => {
    const auth = await signedInWithExpiredToken()
    const before = auth.session!
    const users = await Promise.all(Array.from({ length: 5 }, () => auth.loadMe()))
    expect(users.map((u) => u.id)).toEqual(Array(5).fill(before.user.id))
    expect(count(runtime.requests, 'POST', ROUTES.refresh)).toBe(1)
    const me = runtime.requests.filter((r) => r.path === ROUTES.me)
    // Five refused, five replayed with the new token.
    expect(me.filter((r) => r.status === 401)).toHaveLength(5)
    expect(me.filter((r) => r.status === 200)).toHaveLength(5)
    expect(auth.session!.accessToken).not.toBe(before.accessToken)
    expect(auth.session!.refreshToken).not.toBe(before.refreshToken)
    expect(runtime.navigations).toEqual([])
  })

  it('a 401 that arrives after the refresh has finished is replayed with the new token, with no second refresh', async () => {
    const auth = await signedInWithExpiredToken()
    let meCalls = 0
    let refreshed!: () => void
    const refreshDone = new Promise<void>((resolve) => (refreshed = resolve))
    // Hold back the answer to the second GET /api/me (a 401) until the first one's refresh is over.
    runtime.wrapRequest((options, next) => {
      const path = new URL(options.url).pathname
      const success = options.success!
      if (path === ROUTES.me && ++meCalls === 2) {
        return next({ ...options, success: (result) => void refreshDone.then(() => setTimeout(() => success(result), 10)) })
      }
      if (path === ROUTES.refresh) {
        return next({ ...options, success: (result) => { success(result); refreshed() } })
      }
      next(options)
    })
    const [a, b] = await Promise.all([auth.loadMe(), auth.loadMe()])
    expect(b.id).toBe(a.id)
    expect(count(runtime.requests, 'POST', ROUTES.refresh)).toBe(1)
    expect(runtime.requests.filter((r) => r.path === ROUTES.me).map((r) => r.status)).toEqual([401, 401, 200, 200])
  })

  it('a refresh the BFF refuses signs out and sends the user to login once, whatever the number of failed requests', async () => {
    const auth = await signedInWithExpiredToken()
    // The session is revoked elsewhere (say, signed out on the server side).
    const revoked = await postJson(bffUrl, ROUTES.logout, { refreshToken: auth.session!.refreshToken })
    expect(revoked.status).toBe(204)

    const results = await Promise.allSettled(Array.from({ length: 4 }, () => auth.loadMe()))
    for (const result of results) {
      expect(result.status).toBe('rejected')
      // Requests refused while the refresh was in flight share its error; one refused after it
      // failed finds no session. Both tell the user the same thing.
      const reason = (result as PromiseRejectedResult).reason as { code: string; userMessage: string }
      expect(['REFRESH_TOKEN_INVALID', 'UNAUTHORIZED']).toContain(reason.code)
      expect(reason.userMessage).toBe('登录已失效，请重新登录')
    }
    expect(count(runtime.requests, 'POST', ROUTES.refresh)).toBe(1)
    expect(auth.isLoggedIn).toBe(false)
    // One navigation, back to where the user was after login.
    expect(runtime.navigations).toEqual([{ api: 'navigateTo', url: `/pages/login/login?redirect=${encodeURIComponent('/pages/profile/profile')}` }])
    expect(runtime.toasts).toEqual(['登录已失效，请重新登录'])

    // A late caller while signed out is refused locally, with no new navigation.
    await expect(auth.loadMe()).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await new Promise((r) => setTimeout(r, 20))
    expect(runtime.navigations).toHaveLength(1)
  })

  it('a refresh that cannot reach the BFF keeps the session (the user is not signed out by a bad network)', async () => {
    const auth = await signedInWithExpiredToken()
    const session = auth.session
    runtime.wrapRequest((options, next) => {
      if (options.url.endsWith(ROUTES.refresh)) setTimeout(() => options.fail?.({ errMsg: 'request:fail timeout' }), 0)
      else next(options)
    })
    await expect(auth.loadMe()).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0, userMessage: '网络不给力，请稍后再试' })
    runtime.wrapRequest((options, next) => next(options))
    expect(auth.session).toEqual(session)
    expect(runtime.navigations).toEqual([])
    // Once the network is back, the same session is renewed.
    await expect(auth.loadMe()).resolves.toMatchObject({ id: session!.user.id })
  })

  it('after the BFF\'s upgrade to asymmetric tokens, a stored HS256 access token fails once and is refreshed silently', async () => {
    const { auth: before } = await signedIn()
    const { accessToken, user } = before.session!
    // The same claims as the app kept them before the upgrade, signed HS256 with the old AUTH_SECRET.
    const encode = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
    const claims = JSON.parse(atob(accessToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub: string; sid: string; iat: number; exp: number }
    const legacy = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...claims, jti: 'x' })}.c2lnbmF0dXJl`
    const [key, stored] = [...runtime.storage].find(([, value]) => String(value).includes(accessToken))!
    runtime.storage.set(key, String(stored).replace(accessToken, legacy))
    // The app starts again from storage, as it would after the BFF was upgraded.
    const auth = launchApp()
    expect(auth.session!.accessToken).toMatch(/^eyJhbGciOiJIUzI1NiI/)
    runtime.requests.length = 0
    await expect(auth.loadMe()).resolves.toMatchObject({ id: user.id })
    expect(runtime.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET ${ROUTES.me} 401`, `POST ${ROUTES.refresh} 200`, `GET ${ROUTES.me} 200`,
    ])
    expect(auth.session!.accessToken.split('.')[0]).not.toBe(encode({ alg: 'HS256', typ: 'JWT' }))
    expect(auth.isLoggedIn).toBe(true)
    expect(runtime.navigations).toEqual([])
  })

  it('an explicit refresh while a 401 refresh is in flight joins it instead of spending the refresh token twice', async () => {
    const auth = await signedInWithExpiredToken()
    const [user, session] = await Promise.all([auth.loadMe(), auth.refresh(), auth.refresh()])
    expect(user.id).toBe(session.user.id)
    expect(count(runtime.requests, 'POST', ROUTES.refresh)).toBe(1)
    expect(auth.isLoggedIn).toBe(true)
  })
})
