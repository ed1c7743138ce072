import type { Session, User } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestBff, type TestBff } from './support/bff'
import { fakeClock } from './support/fake-clock'
import { phoneLogin, refresh, wxLogin } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

const DAY = 86_400_000
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`
let users = 0
const newOpenid = (who: string) => `o_recycled_${who}_${process.pid}_${++users}`

/** A session a login answered with 200 (the test fails with the answer's text otherwise). */
async function session(reply: Promise<{ status: number; text: string; body: Session }>): Promise<Session> {
  const answer = await reply
  expect(answer.status, answer.text).toBe(200)
  return answer.body
}

describe('recycled numbers (二次放号), RECYCLED_AFTER_DAYS=90, sessions live one day after their last activity', () => {
  const clock = fakeClock()
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff({ clock, env: { REFRESH_TOKEN_TTL: String(DAY / 1000) } })
  })
  afterAll(() => bff.dispose())
  const post = <T = unknown>(path: string, token: string, body: unknown) => request<T>(`${bff.url}${path}`, { token, body })
  const me = (token: string) => request<User>(`${bff.url}/api/me`, { token })

  it('a stranger proving a number whose linked account has been dormant past the window gets a new account; the old one keeps its data and link, loses the number', async () => {
    const phone = newPhone()
    const ownerOpenid = newOpenid('owner')
    const owner = await session(phoneLogin(bff, phone, ownerOpenid))
    clock.advance(DAY + 91 * DAY) // the session lapsed a day after its last activity, then 91 days without one

    const stranger = await session(phoneLogin(bff, phone, newOpenid('stranger')))
    expect(stranger.user.id).not.toBe(owner.user.id)
    expect(stranger.user.phone).toBe(masked(phone))

    // The old account: reachable by its own user's silent login, with its data and link, without a number.
    const back = await session(wxLogin(bff, ownerOpenid) as Promise<{ status: number; text: string; body: Session }>)
    expect(back.user).toEqual({ ...owner.user, phone: '', countryCode: '' })
    // It binds a number again with the step-up.
    const newNumber = newPhone()
    const bound = await post<User>('/api/me/phone', back.accessToken, { phoneCode: bff.mock.mock.mintPhoneCode(newNumber), loginCode: bff.mock.mock.mintLoginCode(ownerOpenid) })
    expect(bound.status, bound.text).toBe(200)
    expect(bound.body).toMatchObject({ id: owner.user.id, phone: masked(newNumber), countryCode: '86' })
    // The number signs into the stranger's account, never the old one.
    expect((await session(phoneLogin(bff, phone))).user.id).toBe(stranger.user.id)
  })

  it('inside the window the link moves as before (the same person on a new WeChat account)', async () => {
    const phone = newPhone()
    const ownerOpenid = newOpenid('owner')
    const owner = await session(phoneLogin(bff, phone, ownerOpenid))
    clock.advance(DAY + 89 * DAY)
    const newWechat = await session(phoneLogin(bff, phone, newOpenid('new-wechat')))
    expect(newWechat.user.id).toBe(owner.user.id)
    expect((await wxLogin(bff, ownerOpenid)).body).toEqual({ registered: false })
  })

  it('a live session keeps the account whatever the window: the link moves', async () => {
    const phone = newPhone()
    const owner = await session(phoneLogin(bff, phone, newOpenid('owner')))
    let refreshToken = owner.refreshToken
    // A refresh every 0.9 days (sessions live a day) for 100 days: past the window, never dormant.
    for (let step = 0; step < 112; step += 1) {
      clock.advance(0.9 * DAY)
      refreshToken = (await session(refresh(bff, refreshToken))).refreshToken
    }
    expect((await session(phoneLogin(bff, phone, newOpenid('other')))).user.id).toBe(owner.user.id)
  }, 30_000)

  it('the same WeChat user coming back after the window signs into the old account', async () => {
    const phone = newPhone()
    const ownerOpenid = newOpenid('owner')
    const owner = await session(phoneLogin(bff, phone, ownerOpenid))
    clock.advance(200 * DAY)
    expect((await session(phoneLogin(bff, phone, ownerOpenid))).user.id).toBe(owner.user.id)
  })

  it('a phone-login without a loginCode on a dormant linked account gets a new account; on a live one it signs in', async () => {
    const dormantPhone = newPhone()
    const livePhone = newPhone()
    const dormant = await session(phoneLogin(bff, dormantPhone, newOpenid('dormant')))
    clock.advance(DAY + 91 * DAY)
    const live = await session(phoneLogin(bff, livePhone, newOpenid('live')))
    expect((await session(phoneLogin(bff, dormantPhone))).user.id).not.toBe(dormant.user.id)
    expect((await session(phoneLogin(bff, livePhone))).user.id).toBe(live.user.id)
  })

  it('an account that was never linked has only its number: the number signs into it', async () => {
    const phone = newPhone()
    const owner = await session(phoneLogin(bff, phone))
    clock.advance(200 * DAY)
    expect((await session(phoneLogin(bff, phone, newOpenid('stranger')))).user.id).toBe(owner.user.id)
  })

  it('an account without a number is deleted with a loginCode of its linked user instead of a phone proof', async () => {
    const phone = newPhone()
    const ownerOpenid = newOpenid('owner')
    await session(phoneLogin(bff, phone, ownerOpenid))
    clock.advance(DAY + 91 * DAY)
    await session(phoneLogin(bff, phone, newOpenid('stranger')))
    const back = await session(wxLogin(bff, ownerOpenid) as Promise<{ status: number; text: string; body: Session }>)
    expect(back.user.phone).toBe('')

    const paid = bff.mock.mock.calls().getuserphonenumber
    expectError(await post('/api/me/delete', back.accessToken, {}), 403, 'REAUTH_REQUIRED')
    expectError(await post('/api/me/delete', back.accessToken, { phoneCode: bff.mock.mock.mintPhoneCode(phone) }), 403, 'REAUTH_REQUIRED')
    expectError(await post('/api/me/delete', back.accessToken, { loginCode: bff.mock.mock.mintLoginCode(newOpenid('other')) }), 403, 'REAUTH_REQUIRED')
    expect(bff.mock.mock.calls().getuserphonenumber).toBe(paid)
    expect((await me(back.accessToken)).status).toBe(200)

    expect((await post('/api/me/delete', back.accessToken, { loginCode: bff.mock.mock.mintLoginCode(ownerOpenid) })).status).toBe(204)
    expectError(await me(back.accessToken), 401, 'UNAUTHORIZED')
    expect((await wxLogin(bff, ownerOpenid)).body).toEqual({ registered: false })
    expect(bff.mock.mock.calls().getuserphonenumber).toBe(paid)
  })
})

describe('RECYCLED_AFTER_DAYS', () => {
  const clock = fakeClock()
  let bff: TestBff
  afterAll(() => bff.dispose())

  it('0: any linked account without a live session now gives up its number; logging out ends the last one', async () => {
    bff = await startTestBff({ clock, env: { RECYCLED_AFTER_DAYS: '0' } })
    const phone = newPhone()
    const owner = await session(phoneLogin(bff, phone, newOpenid('owner')))
    // Live: the link moves.
    const sameAccount = await session(phoneLogin(bff, phone, newOpenid('new-wechat')))
    expect(sameAccount.user.id).toBe(owner.user.id)
    // Every session logged out: no live session now, so a stranger gets a new account.
    for (const s of [owner, sameAccount]) await request(`${bff.url}/api/auth/logout`, { body: { refreshToken: s.refreshToken } })
    clock.advance(1000)
    expect((await session(phoneLogin(bff, phone, newOpenid('stranger')))).user.id).not.toBe(owner.user.id)
  })
})

describe('a session ended on purpose counts from when it ended (RECYCLED_AFTER_DAYS=2, sessions live 30 days)', () => {
  const clock = fakeClock()
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff({ clock, env: { RECYCLED_AFTER_DAYS: '2' } })
  })
  afterAll(() => bff.dispose())

  it('logged out three days ago: dormant; logged out yesterday or still signed in: not', async () => {
    const [gone, recent, kept] = [newPhone(), newPhone(), newPhone()]
    const goneOwner = await session(phoneLogin(bff, gone, newOpenid('gone')))
    const recentOwner = await session(phoneLogin(bff, recent, newOpenid('recent')))
    const keptOwner = await session(phoneLogin(bff, kept, newOpenid('kept')))
    await request(`${bff.url}/api/auth/logout`, { body: { refreshToken: goneOwner.refreshToken } })
    clock.advance(2 * DAY)
    await request(`${bff.url}/api/auth/logout`, { body: { refreshToken: recentOwner.refreshToken } })
    clock.advance(DAY)
    expect((await session(phoneLogin(bff, gone, newOpenid('stranger')))).user.id).not.toBe(goneOwner.user.id)
    expect((await session(phoneLogin(bff, recent, newOpenid('stranger')))).user.id).toBe(recentOwner.user.id)
    expect((await session(phoneLogin(bff, kept, newOpenid('stranger')))).user.id).toBe(keptOwner.user.id)
  })
})
