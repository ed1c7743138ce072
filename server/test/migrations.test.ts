import { randomUUID } from 'node:crypto'
import type { Session, SessionsResponse } from 'shared'
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
