import { randomUUID } from 'node:crypto'
import type { Session, SessionsResponse, User, WxLoginResponse } from 'shared'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../src/db/open-database'
import { migrateToLatest } from '../src/db/migrate'
import { MIGRATIONS } from '../src/db/migrations'
import { sql } from '../src/db/statement'
import { hashToken } from '../src/sessions/refresh-tokens'
import { APPID, ON_POSTGRES, startTestBff, tempDir } from './support/bff'
import { request } from './support/http'
import { createTestSchema, type TestSchema } from './support/postgres'

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

describe('upgrading a database made before sessions existed', () => {
  it('keeps the sessions it had: their refresh tokens still work, and they are listed with an empty device', async () => {
    const dir = tempDir('migrate-')
    let schema: TestSchema | undefined
    if (ON_POSTGRES) schema = await createTestSchema()
    const env: Record<string, string> = schema ? { DATABASE_URL: schema.url } : {}
    cleanup = async () => {
      dir.remove()
      await schema?.drop()
    }

    // The database as the previous version left it: only the first migration, one signed-in user.
    const old = await openDatabase({ databaseUrl: schema?.url, dataDir: dir.path })
    await migrateToLatest(old, MIGRATIONS.slice(0, 1))
    const userId = randomUUID()
    const familyId = randomUUID()
    const refreshToken = 'an-old-refresh-token-from-before-sessions'
    const now = new Date()
    const later = new Date(now.getTime() + 86_400_000).toISOString()
    await old.run(sql(`insert into "users" ("id", "phone", "country_code", "pure_phone", "nickname", "avatar_url", "created_at", "updated_at")
      values (?, '+8613900000001', '86', '13900000001', '微信用户0001', 'https://example.com/a.png', ?, ?)`), [userId, now.toISOString(), now.toISOString()])
    await old.run(sql(`insert into "refresh_tokens" ("id", "token_hash", "family_id", "parent_id", "user_id", "created_at", "expires_at")
      values (?, ?, ?, null, ?, ?, ?)`), [randomUUID(), hashToken(refreshToken), familyId, userId, now.toISOString(), later])
    await old.close()

    // The new version starts on it (a second instance after it finds nothing left to do). Instances starting
    // at the same moment are process.test.ts's case: in one process, SQLite's busy wait would block both.
    const a = await startTestBff({ dataDir: dir.path, env })
    const b = await startTestBff({ dataDir: dir.path, env, mock: a.mock })
    const stopBoth = cleanup
    cleanup = async () => {
      await a.dispose()
      await b.dispose()
      await stopBoth?.()
    }
    const refreshed = await request<Session>(`${a.url}/api/auth/refresh`, { body: { refreshToken } })
    expect(refreshed.status, refreshed.text).toBe(200)
    expect(refreshed.body.user.id).toBe(userId)
    const listed = await request<SessionsResponse>(`${b.url}/api/me/sessions`, { token: refreshed.body.accessToken })
    expect(listed.body.sessions).toEqual([{
      id: familyId, current: true, device: { platform: '', model: '', appVersion: '' }, platform: 'weixin', app: APPID,
      createdAt: now.toISOString(), lastActiveAt: expect.any(String),
    }])
  })
})

describe('upgrading a database made before apps (one WeChat app, wechat_identities)', () => {
  it('keeps every link, session and refresh token, and gives them the configured WeChat app', async () => {
    const dir = tempDir('migrate-apps-')
    let schema: TestSchema | undefined
    if (ON_POSTGRES) schema = await createTestSchema()
    const env: Record<string, string> = schema ? { DATABASE_URL: schema.url } : {}
    cleanup = async () => {
      dir.remove()
      await schema?.drop()
    }

    // The schema as the previous version left it (0001–0004): two linked accounts with a live session each.
    const old = await openDatabase({ databaseUrl: schema?.url, dataDir: dir.path })
    await migrateToLatest(old, MIGRATIONS.filter((m) => m.name < '0005'))
    const now = new Date()
    const later = new Date(now.getTime() + 86_400_000).toISOString()
    const people = [0, 1].map((i) => ({
      userId: randomUUID(), sessionId: randomUUID(), openid: `o_before_apps_${i}_${randomUUID().slice(0, 8)}`,
      refreshToken: `a-refresh-token-from-before-apps-${i}-${randomUUID()}`, phone: `1390000010${i}`,
    }))
    for (const p of people) {
      await old.run(sql(`insert into "users" ("id", "phone", "country_code", "pure_phone", "nickname", "avatar_url", "created_at", "updated_at")
        values (?, ?, '86', ?, '微信用户0001', 'https://example.com/a.png', ?, ?)`), [p.userId, `+86${p.phone}`, p.phone, now.toISOString(), now.toISOString()])
      await old.run(sql(`insert into "wechat_identities" ("openid", "user_id", "unionid", "created_at", "updated_at") values (?, ?, ?, ?, ?)`),
        [p.openid, p.userId, `u_${p.openid}`, now.toISOString(), now.toISOString()])
      await old.run(sql(`insert into "sessions" ("id", "user_id", "platform", "model", "app_version", "created_at", "last_active_at")
        values (?, ?, 'ios', 'iPhone 15', '1.0.0', ?, ?)`), [p.sessionId, p.userId, now.toISOString(), now.toISOString()])
      await old.run(sql(`insert into "refresh_tokens" ("id", "token_hash", "family_id", "parent_id", "user_id", "created_at", "expires_at")
        values (?, ?, ?, null, ?, ?, ?)`), [randomUUID(), hashToken(p.refreshToken), p.sessionId, p.userId, now.toISOString(), later])
    }
    await old.run(sql(`insert into "phone_exchanges" ("at", "mode", "outcome", "price_fen", "purpose") values (?, 'quick', 'ok', 3, 'login')`), [now.toISOString()])
    await old.close()

    // The old single-app configuration, unchanged; two instances on the one database.
    const a = await startTestBff({ dataDir: dir.path, env })
    const b = await startTestBff({ dataDir: dir.path, env, mock: a.mock })
    const stopBoth = cleanup
    cleanup = async () => {
      await a.dispose()
      await b.dispose()
      await stopBoth?.()
    }
    for (const p of people) {
      const refreshed = await request<Session>(`${a.url}/api/auth/refresh`, { body: { refreshToken: p.refreshToken } })
      expect(refreshed.status, refreshed.text).toBe(200)
      expect(refreshed.body.user).toMatchObject({ id: p.userId, wechatLinked: true, identities: [{ platform: 'weixin', app: APPID }] })
      const listed = await request<SessionsResponse>(`${b.url}/api/me/sessions`, { token: refreshed.body.accessToken })
      expect(listed.body.sessions).toEqual([{
        id: p.sessionId, current: true, device: { platform: 'ios', model: 'iPhone 15', appVersion: '1.0.0' }, platform: 'weixin', app: APPID,
        createdAt: now.toISOString(), lastActiveAt: expect.any(String),
      }])
      const silent = await request<WxLoginResponse>(`${b.url}/api/auth/wx-login`, { body: { loginCode: a.mock.mock.mintLoginCode(p.openid) } })
      expect((silent.body as Session).user.id).toBe(p.userId)
      const me = await request<User>(`${a.url}/api/me`, { token: (silent.body as Session).accessToken })
      expect(me.body.identities).toEqual([{ platform: 'weixin', app: APPID }])
    }
    const ledger = await a.deps.database.all<{ platform: string; app: string }>(sql(`select "platform", "app" from "phone_exchanges"`))
    expect(ledger).toEqual([{ platform: 'weixin', app: APPID }])
  })
})

describe('upgrading a database made before account security (0004)', () => {
  it('keeps accounts, links, sessions and the ledger; an old account can then give up its number to a stranger', async () => {
    const dir = tempDir('migrate-0004-')
    let schema: TestSchema | undefined
    if (ON_POSTGRES) schema = await createTestSchema()
    const env: Record<string, string> = schema ? { DATABASE_URL: schema.url, RECYCLED_AFTER_DAYS: '0' } : { RECYCLED_AFTER_DAYS: '0' }
    cleanup = async () => {
      dir.remove()
      await schema?.drop()
    }

    // The database as the previous version left it: three migrations, a linked account with a session, an
    // account whose session ended long ago, a ledger row.
    const old = await openDatabase({ databaseUrl: schema?.url, dataDir: dir.path })
    await migrateToLatest(old, MIGRATIONS.slice(0, 3))
    const now = new Date()
    const later = new Date(now.getTime() + 86_400_000).toISOString()
    const longAgo = new Date(now.getTime() - 400 * 86_400_000).toISOString()
    const insertUser = sql(`insert into "users" ("id", "phone", "country_code", "pure_phone", "nickname", "avatar_url", "created_at", "updated_at")
      values (?, ?, '86', ?, '微信用户0001', 'https://example.com/a.png', ?, ?)`)
    const live = { id: randomUUID(), phone: '13900000002', openid: 'o_migrate_live', session: randomUUID(), token: 'live-refresh-token-from-before-0004' }
    const dormant = { id: randomUUID(), phone: '13900000003', openid: 'o_migrate_dormant' }
    for (const [user, at] of [[live, now.toISOString()], [dormant, longAgo]] as const) {
      await old.run(insertUser, [user.id, `+86${user.phone}`, user.phone, at, at])
      await old.run(sql(`insert into "wechat_identities" ("openid", "user_id", "created_at", "updated_at") values (?, ?, ?, ?)`), [user.openid, user.id, at, at])
    }
    await old.run(sql(`insert into "sessions" ("id", "user_id", "created_at", "last_active_at") values (?, ?, ?, ?)`), [live.session, live.id, now.toISOString(), now.toISOString()])
    await old.run(sql(`insert into "refresh_tokens" ("id", "token_hash", "family_id", "parent_id", "user_id", "created_at", "expires_at")
      values (?, ?, ?, null, ?, ?, ?)`), [randomUUID(), hashToken(live.token), live.session, live.id, now.toISOString(), later])
    await old.run(sql(`insert into "phone_exchanges" ("at", "mode", "outcome", "price_fen", "purpose") values (?, 'quick', 'ok', 3, 'login')`), [longAgo])
    await old.close()

    const bff = await startTestBff({ dataDir: dir.path, env })
    const stopIt = cleanup
    cleanup = async () => {
      await bff.dispose()
      await stopIt?.()
    }
    const count = async (table: string) => Number((await bff.deps.database.get<{ n: number | string }>(sql(`select count(*) as "n" from "${table}"`)))!.n)
    expect([await count('users'), await count('identities'), await count('sessions'), await count('phone_exchanges')]).toEqual([2, 2, 1, 1])
    const ended = await bff.deps.database.all<{ sessions_ended_at: string | null }>(sql(`select "sessions_ended_at" from "users"`))
    expect(ended.map((row) => row.sessions_ended_at)).toEqual([null, null])

    // The live session goes on.
    const refreshed = await request<Session>(`${bff.url}/api/auth/refresh`, { body: { refreshToken: live.token } })
    expect(refreshed.status, refreshed.text).toBe(200)
    expect(refreshed.body.user).toMatchObject({ id: live.id, phone: '139****0002' })
    // The live account keeps its number against a stranger; the dormant one gives it up and stays its user's.
    const stranger = (phone: string) => request<Session>(`${bff.url}/api/auth/phone-login`, {
      body: { phoneCode: bff.mock.mock.mintPhoneCode(phone), loginCode: bff.mock.mock.mintLoginCode(`o_stranger_${phone}`) },
    })
    expect((await stranger(live.phone)).body.user.id).toBe(live.id)
    const taken = await stranger(dormant.phone)
    expect(taken.status, taken.text).toBe(200)
    expect(taken.body.user.id).not.toBe(dormant.id)
    const back = await request<Session>(`${bff.url}/api/auth/wx-login`, { body: { loginCode: bff.mock.mock.mintLoginCode(dormant.openid) } })
    expect(back.body.user).toMatchObject({ id: dormant.id, phone: '', nickname: '微信用户0001' })
  })
})
