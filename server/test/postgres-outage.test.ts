import pg from 'pg'
import type { Session } from 'shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StartOverrides } from '../src/server'
import { startTestBff, type TestBff } from './support/bff'
import { phoneLogin, refresh, signIn } from './support/flows'
import { expectError, request } from './support/http'
import { newPhone } from '../testing/phones'
import { announceSkipWithoutPostgres, createTestSchema, TEST_DATABASE_URL, type TestSchema, withSchema } from './support/postgres'
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy'

announceSkipWithoutPostgres('PostgreSQL outages')

/**
 * A BFF on a schema of its own, reaching PostgreSQL through a proxy the test can cut or freeze: to the BFF,
 * the database is gone, or silent.
 */
function bffBehindProxy(overrides: StartOverrides) {
  const env = { schema: undefined as unknown as TestSchema, proxy: undefined as unknown as TcpProxy, bff: undefined as unknown as TestBff }
  beforeAll(async () => {
    env.schema = await createTestSchema()
    const target = new URL(TEST_DATABASE_URL!)
    env.proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
    env.bff = await startTestBff({
      env: { DATABASE_URL: withSchema(TEST_DATABASE_URL!, env.schema.name, { host: '127.0.0.1', port: env.proxy.port }) },
      overrides,
    })
  })
  afterAll(async () => {
    await env.bff?.dispose()
    await env.proxy?.stop()
    await env.schema?.drop()
  })
  return env
}

describe.skipIf(!TEST_DATABASE_URL)('when PostgreSQL goes away mid-run', () => {
  // PostgreSQL's lock_timeout here (5 s by default): short, to exercise a held table quickly.
  const env = bffBehindProxy({ busyTimeoutMs: 300 })

  const usersWithPhone = async (phone: string) =>
    Number((await env.schema.query<{ n: string }>('select count(*) as n from users where pure_phone = $1', [phone]))[0]!.n)
  const rowCounts = async () => (await env.schema.query<{ users: string; identities: string; tokens: string }>(
    'select (select count(*) from users) as users, (select count(*) from identities) as identities, (select count(*) from refresh_tokens) as tokens'))[0]

  it('unreachable: 503 SERVICE_UNAVAILABLE on every route that needs it, nothing written, and it resumes by itself', async () => {
    const session: Session = await signIn(env.bff, newPhone())
    const before = await rowCounts()
    await env.proxy.stop()
    try {
      const phone = newPhone()
      expectError(await phoneLogin(env.bff, phone, `o_out_${phone}`), 503, 'SERVICE_UNAVAILABLE')
      expectError(await refresh(env.bff, session.refreshToken), 503, 'SERVICE_UNAVAILABLE')
      expectError(await request(`${env.bff.url}/api/me`, { token: session.accessToken }), 503, 'SERVICE_UNAVAILABLE')
      const health = await request(`${env.bff.url}/healthz`)
      expect(health.status).toBe(503)
      expect(await usersWithPhone(phone)).toBe(0)
    } finally {
      await env.proxy.start()
    }
    expect(await rowCounts()).toEqual(before)
    // No restart: the pool dials again on the next request.
    expect((await request(`${env.bff.url}/healthz`)).body).toEqual({ ok: true })
    expect((await refresh(env.bff, session.refreshToken)).status).toBe(200)
    expect((await phoneLogin(env.bff, newPhone())).status).toBe(200)
  })

  it('restarted (every connection of the BFF killed): requests that hit a dead connection get 503, then it serves again', async () => {
    await signIn(env.bff, newPhone())
    // Materialized first: a WHERE does not promise to test the pid before calling pg_terminate_backend.
    const killed = await env.schema.query<{ pid: number }>(
      `with bff as materialized (select pid from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid())
       select pid from bff where pg_terminate_backend(pid)`, [env.schema.name])
    expect(killed.length).toBeGreaterThan(0)
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) {
      const reply = await phoneLogin(env.bff, newPhone())
      if (reply.status !== 200) expectError(reply, 503, 'SERVICE_UNAVAILABLE')
      statuses.push(reply.status)
    }
    expect(statuses.slice(-5)).toEqual([200, 200, 200, 200, 200])
  })

  it('a login cut off mid-transaction leaves no half-written account; the retry makes exactly one', async () => {
    const phone = newPhone()
    // Another session holds identities, so the login's transaction stops after writing its user row...
    const holder = new pg.Client({ connectionString: env.schema.url })
    await holder.connect()
    try {
      await holder.query('begin')
      await holder.query('lock table identities in exclusive mode')
      const login = phoneLogin(env.bff, phone, `o_cut_${phone}`)
      const waiting = await waitFor(async () => (await env.schema.query<{ pid: number }>(
        `select pid from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock' and pid <> $2`,
        [env.schema.name, (holder as unknown as { processID: number }).processID]))[0]?.pid)
      // ...and its connection dies right there, as in a crash or restart of PostgreSQL.
      await env.schema.query('select pg_terminate_backend($1)', [waiting])
      expectError(await login, 503, 'SERVICE_UNAVAILABLE')
    } finally {
      await holder.query('rollback')
      await holder.end()
    }
    expect(await usersWithPhone(phone)).toBe(0)
    const retry = await phoneLogin(env.bff, phone, `o_cut_${phone}`)
    expect(retry.status, retry.text).toBe(200)
    expect(retry.body.user.wechatLinked).toBe(true)
    expect(await usersWithPhone(phone)).toBe(1)
  })
})

describe.skipIf(!TEST_DATABASE_URL)('when another session holds a table', () => {
  let schema: TestSchema
  let bff: TestBff
  beforeAll(async () => {
    schema = await createTestSchema()
    bff = await startTestBff({ env: { DATABASE_URL: schema.url }, overrides: { busyTimeoutMs: 300 } })
  })
  afterAll(async () => {
    await bff?.dispose()
    await schema?.drop()
  })

  it('answers 503 SERVICE_UNAVAILABLE after the lock timeout instead of waiting for ever, then serves again', async () => {
    const session = await signIn(bff, newPhone())
    const holder = new pg.Client({ connectionString: schema.url })
    await holder.connect()
    const phone = newPhone()
    try {
      await holder.query('begin')
      await holder.query('lock table users in access exclusive mode')
      const started = performance.now()
      expectError(await phoneLogin(bff, phone), 503, 'SERVICE_UNAVAILABLE')
      expectError(await request(`${bff.url}/api/me`, { token: session.accessToken }), 503, 'SERVICE_UNAVAILABLE')
      expect(performance.now() - started).toBeLessThan(3000)
    } finally {
      await holder.query('rollback')
      await holder.end()
    }
    const count = await schema.query<{ n: string }>('select count(*) as n from users where pure_phone = $1', [phone])
    expect(Number(count[0]!.n)).toBe(0)
    expect((await phoneLogin(bff, phone)).status).toBe(200)
  })
})

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe.skipIf(!TEST_DATABASE_URL)('when PostgreSQL goes silent without closing the connection', () => {
  const env = bffBehindProxy({ queryTimeoutMs: 800 })

  it('answers 503 SERVICE_UNAVAILABLE within the query timeout instead of hanging, then serves again when it answers', async () => {
    const session: Session = await signIn(env.bff, newPhone())
    env.proxy.freeze()
    try {
      const started = performance.now()
      const [me, login, health] = await Promise.all([
        request(`${env.bff.url}/api/me`, { token: session.accessToken }),
        phoneLogin(env.bff, newPhone()),
        request(`${env.bff.url}/healthz`),
      ])
      const tookMs = performance.now() - started
      expectError(me, 503, 'SERVICE_UNAVAILABLE')
      expectError(login, 503, 'SERVICE_UNAVAILABLE')
      expect(health.status).toBe(503)
      // The query timeout (800 ms) plus the rest of the request; TCP alone would take minutes.
      expect(tookMs).toBeLessThan(4000)
    } finally {
      env.proxy.thaw()
    }
    // The silent connections were dropped, not returned to the pool: fresh ones serve at once.
    expect((await request(`${env.bff.url}/healthz`)).body).toEqual({ ok: true })
    expect((await request(`${env.bff.url}/api/me`, { token: session.accessToken })).status).toBe(200)
    expect((await phoneLogin(env.bff, newPhone())).status).toBe(200)
  })
})
