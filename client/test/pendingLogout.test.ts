import { ROUTES } from 'shared'
import type { Session, SessionsResponse } from 'shared'
import { beforeEach, describe, expect, it } from 'vitest'
import { mintPhoneCode, postJson } from '../e2e/support/bffCalls'
import { newPhone } from 'server/testing/phones'
import { httpText } from '../e2e/support/httpText'
import { bffUrl, count, launchApp, signedIn } from './helpers'
import { installUni } from './uniRuntime'

const runtime = installUni(bffUrl)
beforeEach(() => runtime.reset())

let online = true
/** The network as the phone sees it: offline, every request fails before it leaves (as wx.request does). */
function installNetwork(): void {
  online = true
  runtime.wrapRequest((options, next) => {
    if (online) return next(options)
    setTimeout(() => {
      options.fail?.({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' } as never)
      options.complete?.({ errMsg: 'request:fail' } as never)
    }, 0)
  })
}

/** The account's live sessions, as a second phone signed in to it sees them. */
async function liveSessions(other: Session): Promise<number> {
  const { status, text } = await httpText(`${bffUrl}${ROUTES.meSessions}`, { method: 'GET', header: { authorization: `Bearer ${other.accessToken}` } }).result
  expect(status).toBe(200)
  return (JSON.parse(text) as SessionsResponse).sessions.length
}

describe('退出登录 while offline', () => {
  it('signs out here at once, remembers the logout, and sends it when the network is back: no ghost device', async () => {
    installNetwork()
    const { auth, phone } = await signedIn()
    const { body: other } = await postJson<Session>(bffUrl, ROUTES.phoneLogin, { phoneCode: await mintPhoneCode(bffUrl, phone) })
    expect(await liveSessions(other)).toBe(2)

    online = false
    await auth.logout()
    expect(auth.isLoggedIn).toBe(false)
    expect(auth.pendingLogouts).toHaveLength(1)
    expect(await liveSessions(other)).toBe(2) // the server never heard of it

    // Still offline: another try keeps it.
    expect(await auth.flushPendingLogouts()).toBe(1)

    online = true
    expect(await auth.flushPendingLogouts()).toBe(0)
    expect(await liveSessions(other)).toBe(1)
    // Sent once more, nothing happens: it is forgotten.
    const sent = count(runtime.requests, 'POST', ROUTES.logout)
    expect(await auth.flushPendingLogouts()).toBe(0)
    expect(count(runtime.requests, 'POST', ROUTES.logout)).toBe(sent)
  })

  it('is kept across an app restart and sent at the next launch', async () => {
    installNetwork()
    const { auth, phone } = await signedIn()
    const { body: other } = await postJson<Session>(bffUrl, ROUTES.phoneLogin, { phoneCode: await mintPhoneCode(bffUrl, phone) })
    online = false
    await auth.logout()

    // The app is closed and opened again, online.
    online = true
    const next = launchApp()
    expect(next.isLoggedIn).toBe(false)
    expect(next.pendingLogouts).toHaveLength(1)
    expect(await next.flushPendingLogouts()).toBe(0)
    expect(await liveSessions(other)).toBe(1)
    expect(launchApp().pendingLogouts).toEqual([])
  })

  it('forgets a logout the BFF refuses for good (the session had already ended); keeps one it could not answer (503)', async () => {
    const { auth } = await signedIn()
    const token = auth.session!.refreshToken
    runtime.wrapRequest((options, next) => {
      if (!options.url.endsWith(ROUTES.logout)) return next(options)
      setTimeout(() => {
        options.success?.({ data: '{"error":{"code":"SERVICE_UNAVAILABLE","message":"database down"}}', statusCode: 503, header: {}, cookies: [] } as never)
        options.complete?.({ errMsg: 'request:ok' } as never)
      }, 0)
    })
    await auth.logout()
    expect(auth.pendingLogouts).toEqual([token])

    // Meanwhile the session ended another way (revoked): the BFF answers 401, and the logout is done with.
    runtime.wrapRequest((options, next) => next(options))
    expect((await postJson(bffUrl, ROUTES.logout, { refreshToken: token })).status).toBe(204)
    expect(await auth.flushPendingLogouts()).toBe(0)
    expect(auth.pendingLogouts).toEqual([])
  })

  it('a logout made while earlier ones are being sent goes out in the same pass', async () => {
    installNetwork()
    const { auth } = await signedIn()
    online = false
    await auth.logout()
    online = true
    // The first logout is slow to answer; meanwhile the user signs in and out again.
    let held = true
    runtime.wrapRequest((options, next) => {
      if (held && options.url.endsWith(ROUTES.logout)) {
        held = false
        setTimeout(() => next(options), 300)
      } else next(options)
    })
    const first = auth.flushPendingLogouts()
    await auth.phoneLogin(await mintPhoneCode(bffUrl, newPhone()))
    await auth.logout()
    expect(await first).toBe(0)
    expect(auth.pendingLogouts).toEqual([])
    expect(runtime.requests.filter((r) => r.path === ROUTES.logout).map((r) => r.status)).toEqual([204, 204])
  })

  it('a damaged stored list is dropped, not fatal', async () => {
    runtime.storage.set('wx-phone-login:auth', JSON.stringify({ session: null, pendingLogouts: [42, '', 'rt_x', null] }))
    expect(launchApp().pendingLogouts).toEqual(['rt_x'])
  })
})
