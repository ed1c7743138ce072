import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Session, SessionsResponse, User, WxLoginResponse } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fakeClock } from './support/fake-clock'
import { APPID, ON_POSTGRES, startTestBff, tempDir, type TestBff } from './support/bff'
import { countRows, refresh } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'
import { type PhoneLogin, signIn } from '../testing/sign-in'

const IPHONE = { platform: 'ios', model: 'iPhone 15 Pro', appVersion: '1.4.0' }
const ANDROID = { platform: 'android', model: 'Xiaomi 14', appVersion: '1.4.0' }

const clock = fakeClock(Date.UTC(2026, 11, 1, 8))
let bff: TestBff
beforeAll(async () => {
  bff = await startTestBff({ clock, env: { MAX_SESSIONS_PER_USER: '4' } })
})
afterAll(() => bff.dispose())

async function login(phone: string, device?: PhoneLogin['device'], openid?: string, on: TestBff = bff): Promise<Session> {
  clock.advance(1000)
  return signIn(on.url, on.mock.mock, { phone, device, ...(openid === undefined ? {} : { wechatUser: { openid } }) })
}
const sessionsOf = (token: string, on: TestBff = bff) => request<SessionsResponse>(`${on.url}/api/me/sessions`, { token })
const revoke = (token: string, id: string, on: TestBff = bff) => request(`${on.url}/api/me/sessions/${id}/revoke`, { method: 'POST', token })
const revokeOthers = (token: string) => request(`${bff.url}/api/me/sessions/revoke-others`, { method: 'POST', token })
const wxLogin = (openid: string, device?: object) =>
  request<WxLoginResponse>(`${bff.url}/api/auth/wx-login`, { body: { loginCode: bff.mock.mock.mintLoginCode(openid), ...(device ? { device } : {}) } })
const me = (token: string, on: TestBff = bff) => request<User>(`${on.url}/api/me`, { token })

describe('sessions and devices', () => {
  it('keeps the device a login reports; refresh keeps the session (same id and device) and records its activity', async () => {
    const phone = newPhone()
    const first = await login(phone, IPHONE)
    const listed = (await sessionsOf(first.accessToken)).body.sessions
    expect(listed).toEqual([{ id: expect.any(String), current: true, device: IPHONE, platform: 'weixin', app: APPID, createdAt: expect.any(String), lastActiveAt: expect.any(String) }])
    const [session] = listed
    clock.advance(60_000)
    const next = await refresh(bff, first.refreshToken)
    expect(next.status).toBe(200)
    const after = (await sessionsOf(next.body.accessToken)).body.sessions
    expect(after).toEqual([{ ...session, lastActiveAt: new Date(clock.now()).toISOString() }])
    expect(after[0]!.lastActiveAt > session!.lastActiveAt).toBe(true)
  })

  it('shows every live session of the account, most recently active first, the caller marked current, unknown devices as ""', async () => {
    const phone = newPhone()
    const a = await login(phone, IPHONE)
    const b = await login(phone, ANDROID)
    const c = await login(phone)
    const { sessions } = (await sessionsOf(b.accessToken)).body
    expect(sessions.map((s) => [s.device, s.current])).toEqual([
      [{ platform: '', model: '', appVersion: '' }, false],
      [ANDROID, true],
      [IPHONE, false],
    ])
    expect((await sessionsOf(a.accessToken)).body.sessions.filter((s) => s.current)).toHaveLength(1)
    expect((await sessionsOf(c.accessToken)).status).toBe(200)
  })

  it('refuses a device with unknown fields, over-long fields or the wrong type, writing nothing', async () => {
    const before = await countRows(bff)
    for (const device of [{ os: 'ios' }, { model: 'x'.repeat(65) }, 'iPhone', { platform: 7 }]) {
      const reply = await request(`${bff.url}/api/auth/phone-login`, { body: { phoneCode: bff.mock.mock.mintPhoneCode(newPhone()), device } })
      expectError(reply, 400, 'VALIDATION_FAILED')
    }
    const wx = await request(`${bff.url}/api/auth/wx-login`, { body: { loginCode: 'x', device: { extra: '1' } } })
    expectError(wx, 400, 'VALIDATION_FAILED')
    expect(await countRows(bff)).toEqual(before)
  })

  it('revoking a session ends it at once: its refresh token and access token are refused, and wx-login alone no longer signs the account in', async () => {
    const phone = newPhone()
    const openid = `o_rev_${phone}`
    const lost = await login(phone, IPHONE, openid)
    const kept = await login(phone, ANDROID)
    const lostId = (await sessionsOf(lost.accessToken)).body.sessions.find((s) => s.current)!.id

    expect((await revoke(kept.accessToken, lostId)).status).toBe(204)
    expectError(await refresh(bff, lost.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    expectError(await me(lost.accessToken), 401, 'UNAUTHORIZED')
    expectError(await sessionsOf(lost.accessToken), 401, 'UNAUTHORIZED')
    expectError(await revokeOthers(lost.accessToken), 401, 'UNAUTHORIZED')
    const calls = bff.mock.mock.calls()
    expectError(await request(`${bff.url}/api/me/phone`, { token: lost.accessToken, body: { phoneCode: bff.mock.mock.mintPhoneCode(newPhone()) } }), 401, 'UNAUTHORIZED')
    expectError(await request(`${bff.url}/api/me/delete`, { token: lost.accessToken, body: { phoneCode: bff.mock.mock.mintPhoneCode(phone) } }), 401, 'UNAUTHORIZED')
    expect(bff.mock.mock.calls().getuserphonenumber).toBe(calls.getuserphonenumber)

    // The revoked device cannot sign itself back in with uni.login alone...
    expect((await wxLogin(openid)).body).toEqual({ registered: false })
    // ...while the session that is still live keeps working and refreshing.
    expect((await me(kept.accessToken)).status).toBe(200)
    const refreshed = await refresh(bff, kept.refreshToken)
    expect(refreshed.status).toBe(200)
    expect((await sessionsOf(refreshed.body.accessToken)).body.sessions.map((s) => s.device)).toEqual([ANDROID])
    // Proving the number again lifts it.
    await login(phone, IPHONE, openid)
    expect((await wxLogin(openid)).body).toMatchObject({ user: { id: kept.user.id } })
  })

  it('answers 404 NOT_FOUND for an unknown session id or another account\'s, and changes nothing', async () => {
    const mine = await login(newPhone(), IPHONE)
    const theirs = await login(newPhone(), ANDROID)
    const theirId = (await sessionsOf(theirs.accessToken)).body.sessions[0]!.id
    expectError(await revoke(mine.accessToken, 'no-such-session'), 404, 'NOT_FOUND')
    expectError(await revoke(mine.accessToken, theirId), 404, 'NOT_FOUND')
    expect((await me(theirs.accessToken)).status).toBe(200)
    expect((await refresh(bff, theirs.refreshToken)).status).toBe(200)
  })

  it('revoke-others ends every session but the caller\'s', async () => {
    const phone = newPhone()
    const others = [await login(phone, IPHONE), await login(phone, ANDROID)]
    const mine = await login(phone)
    expect((await revokeOthers(mine.accessToken)).status).toBe(204)
    for (const other of others) {
      expectError(await me(other.accessToken), 401, 'UNAUTHORIZED')
      expectError(await refresh(bff, other.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    }
    expect((await sessionsOf(mine.accessToken)).body.sessions.map((s) => s.current)).toEqual([true])
  })

  it('logout ends its session (access token refused at once) but is no security action: wx-login still works', async () => {
    const phone = newPhone()
    const openid = `o_out_${phone}`
    const session = await login(phone, IPHONE, openid)
    expect((await request(`${bff.url}/api/auth/logout`, { body: { refreshToken: session.refreshToken } })).status).toBe(204)
    expectError(await me(session.accessToken), 401, 'UNAUTHORIZED')
    expect((await wxLogin(openid, ANDROID)).body).toMatchObject({ user: { id: session.user.id } })
  })

  it('caps sessions per account (MAX_SESSIONS_PER_USER): a new one ends the least recently active', async () => {
    const phone = newPhone()
    const s1 = await login(phone, { model: 'one' })
    const s2 = await login(phone, { model: 'two' })
    const s3 = await login(phone, { model: 'three' })
    const s4 = await login(phone, { model: 'four' })
    // s1 is the oldest, but refreshing makes it the most recently active: s2 is now the one to go.
    clock.advance(1000)
    const s1b = (await refresh(bff, s1.refreshToken)).body
    await login(phone, { model: 'five' })
    expectError(await me(s2.accessToken), 401, 'UNAUTHORIZED')
    expectError(await refresh(bff, s2.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    const models = (await sessionsOf(s1b.accessToken)).body.sessions.map((s) => s.device.model)
    expect(models).toEqual(['five', 'one', 'four', 'three'])
    for (const live of [s3, s4]) expect((await me(live.accessToken)).status).toBe(200)
  })

  it('an ended session is refused at once by another instance on the same database', async () => {
    const other = await startTestBff({ clock, mock: bff.mock, dataDir: bff.dataDir, env: { MAX_SESSIONS_PER_USER: '4' } })
    try {
      const phone = newPhone()
      const onA = await login(phone, IPHONE, undefined, bff)
      const onB = await login(phone, ANDROID, undefined, other)
      expect((await me(onA.accessToken, other)).status).toBe(200)
      const idA = (await sessionsOf(onA.accessToken)).body.sessions.find((s) => s.current)!.id
      expect((await revoke(onB.accessToken, idA, other)).status).toBe(204)
      expectError(await me(onA.accessToken, bff), 401, 'UNAUTHORIZED')
      expectError(await me(onA.accessToken, other), 401, 'UNAUTHORIZED')
    } finally {
      await other.stop()
    }
  })
})

describe('account deletion (POST /api/me/delete)', () => {
  const remove = (token: string, body: unknown) => request(`${bff.url}/api/me/delete`, { token, body })

  it('refuses a code for another number with 403 PHONE_MISMATCH and changes nothing', async () => {
    const phone = newPhone()
    const session = await login(phone, IPHONE, `o_mm_${phone}`)
    const before = await countRows(bff)
    expectError(await remove(session.accessToken, { phoneCode: bff.mock.mock.mintPhoneCode(newPhone()) }), 403, 'PHONE_MISMATCH')
    expectError(await remove(session.accessToken, {}), 400, 'VALIDATION_FAILED')
    expectError(await remove(session.accessToken, { phoneCode: 'made-up' }), 400, 'PHONE_CODE_INVALID')
    expect(await countRows(bff)).toEqual(before)
    expect((await me(session.accessToken)).status).toBe(200)
  })

  it('deletes the account, its WeChat link and every session; the number later makes a new account', async () => {
    const phone = newPhone()
    const openid = `o_del_${phone}`
    const session = await login(phone, IPHONE, openid)
    const second = await login(phone, ANDROID)
    const before = await countRows(bff)
    expect((await remove(session.accessToken, { phoneCode: bff.mock.mock.mintPhoneCode(phone), realtime: true })).status).toBe(204)
    expect(await countRows(bff)).toEqual({ users: before.users - 1, identities: before.identities - 1, tokens: before.tokens - 2 })
    for (const gone of [session, second]) {
      expectError(await me(gone.accessToken), 401, 'UNAUTHORIZED')
      expectError(await refresh(bff, gone.refreshToken), 401, 'REFRESH_TOKEN_INVALID')
    }
    expect((await wxLogin(openid)).body).toEqual({ registered: false })
    const again = await login(phone)
    expect(again.user.id).not.toBe(session.user.id)
    expect(again.user.wechatLinked).toBe(false)
  })

  it.skipIf(ON_POSTGRES)('leaves no copy of the number in the embedded database\'s files (freed pages, WAL)', async () => {
    const dir = tempDir('delete-scrub-')
    const own = await startTestBff({ dataDir: dir.path, mock: bff.mock })
    try {
      const phone = newPhone('188')
      const created = await request<Session>(`${own.url}/api/auth/phone-login`, { body: { phoneCode: own.mock.mock.mintPhoneCode(phone) } })
      expect(created.status).toBe(200)
      const fileText = () => readdirSync(dir.path).filter((name) => name.startsWith('wx-phone-login.sqlite'))
        .map((name) => readFileSync(join(dir.path, name)).toString('latin1')).join('')
      expect(fileText()).toContain(phone)
      const reply = await request(`${own.url}/api/me/delete`, { token: created.body.accessToken, body: { phoneCode: own.mock.mock.mintPhoneCode(phone) } })
      expect(reply.status).toBe(204)
      expect(fileText()).not.toContain(phone)
    } finally {
      await own.stop()
      dir.remove()
    }
  })
})
