import { chmodSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SQLITE_FILE_NAME } from '../src/db/database'
import { ON_POSTGRES, startTestBff, type TestBff } from './support/bff'
import { refresh, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'

const METRICS_TOKEN = 'metrics-token-for-tests'

describe('responses', () => {
  let bff: TestBff
  beforeAll(async () => {
    bff = await startTestBff({ env: { METRICS_TOKEN } })
  })
  afterAll(() => bff.dispose())

  it('every /api/* answer carries Cache-Control: no-store, errors and unknown routes too', async () => {
    const session = await signIn(bff, newPhone())
    const replies = [
      await request(`${bff.url}/api/auth/phone-login`, { body: { phoneCode: bff.mock.mock.mintPhoneCode(newPhone()) } }),
      await refresh(bff, session.refreshToken),
      await request(`${bff.url}/api/me`, { token: session.accessToken }),
      await request(`${bff.url}/api/me/sessions`, { token: session.accessToken }),
      await request(`${bff.url}/api/me`),
      await request(`${bff.url}/api/auth/phone-login`, { rawBody: '{' }),
      await request(`${bff.url}/api/no-such-route`),
      await request(`${bff.url}/api/auth/logout`, { body: { refreshToken: 'unknown' } }),
    ]
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 401, 400, 404, 204])
    for (const reply of replies) expect(reply.headers.get('cache-control')).toBe('no-store')
  })

  it('/metrics answers only with Authorization: Bearer <METRICS_TOKEN>', async () => {
    expectError(await request(`${bff.url}/metrics`), 401, 'UNAUTHORIZED')
    expectError(await request(`${bff.url}/metrics`, { token: 'wrong' }), 401, 'UNAUTHORIZED')
    expectError(await request(`${bff.url}/metrics`, { token: `${METRICS_TOKEN}x` }), 401, 'UNAUTHORIZED')
    const reply = await request<string>(`${bff.url}/metrics`, { token: METRICS_TOKEN })
    expect(reply.status).toBe(200)
    expect(reply.text).toContain('phone_number_exchanges_total')
  })

  it('/metrics is open without METRICS_TOKEN (on a loopback HOST: config refuses production elsewhere)', async () => {
    const open = await startTestBff({ mock: bff.mock })
    try {
      expect((await request(`${open.url}/metrics`)).status).toBe(200)
    } finally {
      await open.dispose()
    }
  })
})

describe.skipIf(ON_POSTGRES)('the embedded database files', () => {
  it('are readable by their owner only (0600), and made so on start if an older version left them readable', async () => {
    const bff = await startTestBff()
    const file = join(bff.dataDir, SQLITE_FILE_NAME)
    const files = [file, `${file}-wal`, `${file}-shm`]
    const modes = () => files.map((f) => statSync(f).mode & 0o777)
    try {
      await signIn(bff, newPhone())
      expect(modes()).toEqual([0o600, 0o600, 0o600])
      await bff.stop()
      // An older version's world-readable database (a clean close removed its -wal and -shm).
      chmodSync(file, 0o644)
      const again = await startTestBff({ mock: bff.mock, dataDir: bff.dataDir })
      try {
        await signIn(again, newPhone())
        expect(modes()).toEqual([0o600, 0o600, 0o600])
      } finally {
        await again.stop()
      }
    } finally {
      await bff.dispose()
    }
  })
})
