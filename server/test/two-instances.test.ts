import type { Session, SessionsResponse } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockWechat, type RunningMockWechat } from '../src/platforms/weixin/mock'
import { deleteKeys, TEST_REDIS_URL, uniqueKeyPrefix } from './redis/redis-test-env'
import { APP_SECRET, APPID, AUTH_SIGNING_KEYS, tempDir } from './support/bff'
import { request } from './support/http'
import { announceSkipWithoutPostgres, createTestSchema, TEST_DATABASE_URL, type TestSchema } from './support/postgres'
import { newPhone } from '../testing/phones'
import { signIn } from '../testing/sign-in'
import { spawnBff, type SpawnedBff } from '../testing/spawn-bff'

const LOGINS = 200
const SHARED_NUMBER_LOGINS = 50

announceSkipWithoutPostgres('two BFF processes on one PostgreSQL and one Redis')
if (!TEST_REDIS_URL) console.log('[skip] two BFF processes on one PostgreSQL and one Redis: TEST_REDIS_URL is not set')

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('two BFF processes on one PostgreSQL and one Redis act as one', () => {
  const keyPrefix = uniqueKeyPrefix()
  let dataDirs: ReturnType<typeof tempDir>[] = []
  let schema: TestSchema
  let wechat: RunningMockWechat
  let bffs: SpawnedBff[] = []
  let urls: string[] = []

  beforeAll(async () => {
    schema = await createTestSchema()
    dataDirs = [tempDir(), tempDir()]
    // Some latency, as the real WeChat has: many logins are waiting while the one token fetch is in flight.
    wechat = await startMockWechat({ appid: APPID, secret: APP_SECRET, latencyMs: 20 })
    // Both start at the same moment on an empty schema: the migrations must cope.
    bffs = dataDirs.map((dir) => spawnBff({ env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dir.path,
      DATABASE_URL: schema.url,
      REDIS_URL: TEST_REDIS_URL!,
      REDIS_KEY_PREFIX: keyPrefix,
      WECHAT_APPID: APPID,
      WECHAT_SECRET: APP_SECRET,
      WECHAT_API_BASE: wechat.url,
      AUTH_SIGNING_KEYS,
      AUTH_RATE_LIMIT: '100000',
      // 50 logins share one number here.
      PHONE_LOGIN_LIMIT: '100000',
    } }))
    urls = await Promise.all(bffs.map((bff) => bff.listening()))
  }, 60_000)

  afterAll(async () => {
    for (const bff of bffs) bff.child.kill('SIGTERM')
    // A clean exit: in-flight requests done, Redis and PostgreSQL closed (an open handle would hold it).
    expect(await Promise.all(bffs.map((bff) => bff.exit))).toEqual(bffs.map(() => 0))
    await wechat?.close()
    await schema?.drop()
    await deleteKeys(TEST_REDIS_URL!, keyPrefix)
    for (const dir of dataDirs) dir.remove()
  }, 30_000)

  it(`${LOGINS} concurrent phone logins split across both: one token fetch, one account per number, every login answered`, async () => {
    const shared = '13800138000'
    const phones = Array.from({ length: LOGINS }, (_, i) =>
      i % (LOGINS / SHARED_NUMBER_LOGINS) === 0 ? shared : newPhone())
    // Each login as the WeChat client makes it: a phone code and a login code (a WeChat user of its own).
    const bodies = phones.map((phone, i) => ({
      phoneCode: wechat.mock.mintPhoneCode(phone),
      loginCode: wechat.mock.mintLoginCode(`o_two_${process.pid}_${i}`),
    }))

    const started = performance.now()
    const replies = await Promise.all(bodies.map((body, i) =>
      request<Session>(`${urls[i % 2]}/api/auth/phone-login`, { body })))
    const elapsedMs = Math.round(performance.now() - started)

    const calls = wechat.mock.calls()
    const accounts = await schema.query<{ phone: string; n: string }>(
      'select pure_phone as phone, count(*) as n from users group by pure_phone')
    console.log(`[two instances] ${LOGINS} logins (${SHARED_NUMBER_LOGINS} on one number) across 2 processes in ${elapsedMs} ms; `
      + `stable_token fetches: ${calls.stable_token}; accounts: ${accounts.length}`)

    const failed = replies.filter((reply) => reply.status !== 200)
    const errorLogs = bffs.flatMap((bff) => bff.stdout().split('\n').filter((line) => line.includes('"level":50')))
    expect(failed.map((reply) => reply.status), `${failed[0]?.text}\n${errorLogs.slice(0, 3).join('\n')}`).toEqual([])
    expect(calls).toMatchObject({ stable_token: 1, getuserphonenumber: LOGINS, jscode2session: LOGINS, token: 0 })
    expect(accounts).toHaveLength(new Set(phones).size)
    expect(accounts.every((row) => Number(row.n) === 1)).toBe(true)
    // Every login of the shared number landed on that one account, whichever process answered it.
    const sharedIds = new Set(replies.filter((_, i) => phones[i] === shared).map((reply) => reply.body.user.id))
    expect(sharedIds.size).toBe(1)
    // One account per WeChat user too: the shared number's link moved, it was never duplicated.
    const links = await schema.query<{ n: string }>(
      'select count(*) as n from identities w join users u on u.id = w.user_id where u.pure_phone = $1', [shared])
    expect(Number(links[0]!.n)).toBe(1)
  }, 60_000)

  it('a session revoked on one instance is refused by the other at once', async () => {
    const phone = newPhone()
    const onA = await signIn(urls[0]!, wechat.mock, { phone, device: { platform: 'ios', model: 'A' } })
    const onB = await signIn(urls[1]!, wechat.mock, { phone, device: { platform: 'ios', model: 'B' } })
    const listed = await request<SessionsResponse>(`${urls[1]}/api/me/sessions`, { token: onB.accessToken })
    const idA = listed.body.sessions.find((s) => s.device.model === 'A')!.id
    expect((await request(`${urls[0]}/api/me`, { token: onA.accessToken })).status).toBe(200)
    expect((await request(`${urls[1]}/api/me/sessions/${idA}/revoke`, { method: 'POST', token: onB.accessToken })).status).toBe(204)
    expect((await request(`${urls[0]}/api/me`, { token: onA.accessToken })).status).toBe(401)
    expect((await request(`${urls[0]}/api/auth/refresh`, { body: { refreshToken: onA.refreshToken } })).status).toBe(401)
  })
})
