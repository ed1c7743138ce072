import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import type { Session } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SQLITE_FILE_NAME } from '../src/db/database'
import { startTestBff, type TestBff } from './support/bff'
import { countRows, phoneLogin, refresh, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

let bff: TestBff
beforeAll(async () => {
  // A short busy timeout: better-sqlite3 waits synchronously, and the lock holder here is this process.
  bff = await startTestBff({ overrides: { busyTimeoutMs: 150 } })
})
afterAll(() => bff.dispose())

/** Another process's view of the database file: here, one that takes the write lock and sits on it. */
function lockDatabase(dataDir: string) {
  const other = new SqliteDatabase(join(dataDir, SQLITE_FILE_NAME))
  other.exec('BEGIN IMMEDIATE')
  return {
    release() {
      other.exec('ROLLBACK')
      other.close()
    },
  }
}

describe('when the database cannot take writes', () => {
  it('answers 503 SERVICE_UNAVAILABLE, writes nothing, and serves again once it recovers', async () => {
    const session: Session = await signIn(bff, newPhone())
    const before = await countRows(bff)
    const lock = lockDatabase(bff.dataDir)
    try {
      expectError(await phoneLogin(bff, newPhone()), 503, 'SERVICE_UNAVAILABLE')
      expectError(await refresh(bff, session.refreshToken), 503, 'SERVICE_UNAVAILABLE')
      const health = await request(`${bff.url}/healthz`)
      expect(health.status).toBe(503)
      expect(health.body).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) } })
    } finally {
      lock.release()
    }
    expect(await countRows(bff)).toEqual(before)
    expect((await request(`${bff.url}/healthz`)).body).toEqual({ ok: true })
    // The refresh that failed changed nothing: the same token still works.
    expect((await refresh(bff, session.refreshToken)).status).toBe(200)
    expect((await phoneLogin(bff, newPhone())).status).toBe(200)
  })
})

describe('when the database connection is closed', () => {
  it('answers 503 SERVICE_UNAVAILABLE on every route that needs it, and /healthz says so', async () => {
    const gone = await startTestBff({ mock: bff.mock })
    try {
      const session = await signIn(gone, newPhone())
      await gone.deps.database.close()
      expectError(await phoneLogin(gone, newPhone()), 503, 'SERVICE_UNAVAILABLE')
      expectError(await refresh(gone, session.refreshToken), 503, 'SERVICE_UNAVAILABLE')
      expectError(await request(`${gone.url}/api/me`, { token: session.accessToken }), 503, 'SERVICE_UNAVAILABLE')
      expect((await request(`${gone.url}/healthz`)).status).toBe(503)
    } finally {
      await gone.dispose()
    }
  })
})
