import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session, User } from 'shared'
import { startMockWechat, type RunningMockWechat } from '../src/platforms/weixin/mock'
import { APP_SECRET, APPID, AUTH_SIGNING_KEYS, tempDir } from './support/bff'
import { request } from './support/http'
import { newPhone } from '../testing/phones'
import { PNPM_START, REPO_ROOT, spawnBff } from '../testing/spawn-bff'
import { readFileSync, statSync, utimesSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The node process that `pnpm start` (pid) ended up running, found through /proc, and its own children. */
function serverProcessUnder(pid: number): { cmdline: string[]; children: string[] } {
  const childrenOf = (p: number | string) => readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
  const cmdline = (p: number | string) => readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').filter(Boolean)
  // pnpm's shell execs node, so the server is pnpm's one child (or its grandchild through sh).
  let current = String(pid)
  for (let depth = 0; depth < 3; depth += 1) {
    const [next] = childrenOf(current)
    if (!next) break
    current = next
    if (cmdline(current).some((arg) => arg.endsWith('start.mjs'))) return { cmdline: cmdline(current), children: childrenOf(current) }
  }
  throw new Error(`no server process under pnpm (${pid})`)
}

// A spawn is well under a second; pnpm itself and a rebuild add about one more on a busy machine.
const SLOW = 30_000

describe('starting and stopping the real process (the compiled server, as `pnpm start` runs it)', () => {
  it('refuses to start in production without credentials: exit 1 and one line naming what is missing', async () => {
    const bff = spawnBff({ env: { NODE_ENV: 'production', WECHAT_APPID: APPID } })
    expect(await bff.exit).toBe(1)
    const lines = bff.stderr().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/WECHAT_SECRET/)
    expect(lines[0]).toMatch(/AUTH_SIGNING_KEYS/)
    expect(lines[0]).not.toMatch(/WECHAT_APPID/)
    expect(bff.stdout()).toBe('')
  }, SLOW)

  it('refuses an AUTH_SIGNING_KEYS that holds no key, and one credential without the other', async () => {
    const short = spawnBff({ env: { NODE_ENV: 'production', WECHAT_APPID: APPID, WECHAT_SECRET: APP_SECRET, AUTH_SIGNING_KEYS: 'too-short' } })
    const half = spawnBff({ env: { WECHAT_APPID: APPID, DATA_DIR: tempDir().path } })
    expect(await short.exit).toBe(1)
    expect(short.stderr().trim().split('\n')).toEqual([expect.stringMatching(/AUTH_SIGNING_KEYS holds no PKCS#8 PEM private key/)])
    expect(await half.exit).toBe(1)
    expect(half.stderr().trim().split('\n')).toEqual([expect.stringMatching(/WECHAT_APPID is set but WECHAT_SECRET is not/)])
  }, SLOW)

  it('refuses the fail-safe cases of issue 16 with exit 1 and one line naming the fix', async () => {
    const refusals = [
      // A typo in NODE_ENV used to run dev mode (mint any number's code) on whatever HOST said.
      [spawnBff({ env: { NODE_ENV: 'prod', DATA_DIR: tempDir().path } }), /NODE_ENV must be production, development or test/],
      [spawnBff({ env: { HOST: '0.0.0.0', DATA_DIR: tempDir().path } }), /loopback HOST/],
      // Credentials without signing keys used to generate one per instance.
      [spawnBff({ env: { WECHAT_APPID: APPID, WECHAT_SECRET: APP_SECRET, DATA_DIR: tempDir().path } }), /AUTH_SIGNING_KEYS is required/],
    ] as const
    for (const [bff, message] of refusals) {
      expect(await bff.exit).toBe(1)
      expect(bff.stderr().trim().split('\n')).toEqual([expect.stringMatching(message)])
    }
  }, SLOW)

  describe('with a slow WeChat', () => {
    let mock: RunningMockWechat
    const dir = tempDir()
    beforeAll(async () => {
      mock = await startMockWechat({ appid: APPID, secret: APP_SECRET, latencyMs: 700 })
    })
    afterAll(async () => {
      await mock.close()
      dir.remove()
    })

    it('logs one line with its address, then on SIGTERM finishes the in-flight request and exits 0', async () => {
      const bff = spawnBff({ env: {
        NODE_ENV: 'production', PORT: '0', DATA_DIR: dir.path,
        WECHAT_APPID: APPID, WECHAT_SECRET: APP_SECRET, WECHAT_API_BASE: mock.url, AUTH_SIGNING_KEYS,
      } })
      const url = await bff.listening()
      const startup = bff.stdout().trim().split('\n')
      expect(startup).toHaveLength(1)
      expect(JSON.parse(startup[0]!)).toMatchObject({ msg: `listening on ${url}`, url })

      // Token fetch + phone call: about 1.4 s at WeChat.
      const inFlight = request<Session>(`${url}/api/auth/phone-login`, { body: { phoneCode: mock.mock.mintPhoneCode(newPhone()) } })
      await new Promise((resolve) => setTimeout(resolve, 400))
      bff.child.kill('SIGTERM')
      const reply = await inFlight
      expect(reply.status).toBe(200)
      expect(await bff.exit).toBe(0)
      await expect(fetch(`${url}/healthz`)).rejects.toThrow()
      expect(bff.stdout()).toContain('shutting down')
    }, SLOW)
  })

  it('`pnpm start` passes SIGTERM on to the BFF: it stops cleanly and pnpm exits 0, leaving nothing behind', async () => {
    const dir = tempDir()
    const bff = spawnBff({ command: PNPM_START, cwd: REPO_ROOT, env: { PORT: '0', DATA_DIR: dir.path } })
    try {
      const url = await bff.listening()
      expect((await request(`${url}/healthz`)).status).toBe(200)
      // pnpm runs one process: node with the compiled bundle, no TypeScript loader, no child of its own.
      const server = serverProcessUnder(bff.child.pid!)
      expect(server.cmdline).toEqual([expect.stringMatching(/(^|\/)node$/), 'server/start.mjs'])
      expect(server.children).toEqual([])
      bff.child.kill('SIGTERM')
      expect(await bff.exit).toBe(0)
      expect(bff.stdout()).toContain('shutting down')
      await expect(fetch(`${url}/healthz`)).rejects.toThrow()
    } finally {
      dir.remove()
    }
  }, SLOW)

  it('starts two instances at once on one fresh DATA_DIR (dev mode): one schema, one dev secret', async () => {
    const dir = tempDir()
    const a = spawnBff({ env: { PORT: '0', DATA_DIR: dir.path } })
    const b = spawnBff({ env: { PORT: '0', DATA_DIR: dir.path } })
    try {
      const [urlA, urlB] = await Promise.all([a.listening(), b.listening()])
      const phoneCode = (await request<{ code: string }>(`${urlA}/__dev/wechat/phone-code`, { body: { phone: newPhone() } })).body.code
      const session = await request<Session>(`${urlA}/api/auth/phone-login`, { body: { phoneCode } })
      expect(session.status, session.text).toBe(200)
      // The other instance sees the same account and accepts the same signature.
      const me = await request<User>(`${urlB}/api/me`, { token: session.body.accessToken })
      expect(me.status).toBe(200)
      expect(me.body).toEqual(session.body.user)
    } finally {
      a.child.kill('SIGTERM')
      b.child.kill('SIGTERM')
      expect(await a.exit, a.stdout() + a.stderr()).toBe(0)
      expect(await b.exit, b.stdout() + b.stderr()).toBe(0)
      dir.remove()
    }
  }, SLOW)

  it('rebuilds the bundle first when a source file is newer than it, so an edit is never run stale', async () => {
    const bundle = fileURLToPath(new URL('../dist/main.js', import.meta.url))
    const source = fileURLToPath(new URL('../src/clock.ts', import.meta.url))
    const original = statSync(source)
    const future = new Date(Date.now() + 5_000)
    utimesSync(source, future, future)
    const dir = tempDir()
    const bff = spawnBff({ env: { PORT: '0', DATA_DIR: dir.path } })
    try {
      await bff.listening()
      expect(statSync(bundle).mtimeMs).toBeGreaterThan(future.getTime() - 5_000)
      expect(bff.stderr()).toMatch(/built dist\/ in \d+ ms/)
    } finally {
      bff.child.kill('SIGTERM')
      await bff.exit
      // Back to its own time (older than the new bundle), so later starts find nothing stale.
      utimesSync(source, original.atime, original.mtime)
      dir.remove()
    }
  }, SLOW)
})
