import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockWechat, type RunningMockWechat } from '../src/platforms/weixin/mock'
import { APP_SECRET, APPID, AUTH_SIGNING_KEYS } from './support/bff'
import { request } from './support/http'
import { newPhone } from '../testing/phones'
import { signIn } from '../testing/sign-in'
import { spawnBff } from '../testing/spawn-bff'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

// `pnpm artifact <dir>`: the folder a team copies to a server. It must run with node alone, outside the
// workspace (no pnpm, no dev dependencies, no TypeScript), so it is built into a temp dir with no
// node_modules above it.
describe('the deployable artifact (`pnpm artifact <dir>`)', () => {
  let out: string
  let mock: RunningMockWechat
  beforeAll(async () => {
    out = join(mkdtempSync(join(tmpdir(), 'wxpl-artifact-')), 'server')
    execFileSync('pnpm', ['--silent', 'artifact', out], { cwd: REPO_ROOT, stdio: 'pipe' })
    mock = await startMockWechat({ appid: APPID, secret: APP_SECRET })
  }, 120_000)
  afterAll(async () => {
    await mock?.close()
    if (out) rmSync(join(out, '..'), { recursive: true, force: true })
  })

  it('holds the bundle and the runtime package only', () => {
    expect(existsSync(join(out, 'dist', 'main.js'))).toBe(true)
    expect(readdirSync(join(out, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['better-sqlite3'])
    const bundle = readdirSync(join(out, 'dist')).filter((name) => name.endsWith('.js')).map((name) => readFileSync(join(out, 'dist', name), 'utf8')).join('\n')
    // Every package is inside the bundle but the native SQLite binding.
    const imported = new Set([...bundle.matchAll(/^import\b[^;]*?from\s*["']([^"'./][^"']*)["']/gm)].map((m) => m[1]))
    expect([...imported].filter((name) => !name!.startsWith('node:'))).toEqual(['better-sqlite3'])
  })

  it('loads the mock WeChat only through dev mode\'s dynamic import, never with the production code', () => {
    const read = (name: string) => readFileSync(join(out, 'dist', name), 'utf8')
    // main.js and every chunk it imports statically: what a production process has in memory at start.
    const loaded = new Set<string>()
    const visit = (name: string) => {
      if (loaded.has(name)) return
      loaded.add(name)
      for (const m of read(name).matchAll(/^import\b[^;]*?from\s*["']\.\/([^"']+)["']/gm)) visit(m[1]!)
    }
    visit('main.js')
    const holdsMock = (name: string) => read(name).includes('mintLoginCode')
    expect([...loaded].filter(holdsMock)).toEqual([])
    expect(readdirSync(join(out, 'dist')).filter((name) => name.endsWith('.js')).some(holdsMock)).toBe(true)
  })

  it('starts with node alone in production, answers /healthz and signs a user in against WeChat (the mock)', async () => {
    const dataDir = join(out, '..', 'data')
    // Node alone: PATH and the configuration, nothing else from the shell.
    const bff = spawnBff({
      command: ['node', 'dist/main.js'],
      cwd: out,
      baseEnv: { PATH: process.env.PATH },
      env: {
        NODE_ENV: 'production', PORT: '0', DATA_DIR: dataDir,
        WECHAT_APPID: APPID, WECHAT_SECRET: APP_SECRET, WECHAT_API_BASE: mock.url, AUTH_SIGNING_KEYS,
      },
    })
    try {
      const url = await bff.listening()
      expect((await request(`${url}/healthz`)).body).toEqual({ ok: true })
      const session = await signIn(url, mock.mock, { phone: newPhone(), wechatUser: {} })
      expect((await request(`${url}/api/me`, { token: session.accessToken })).status).toBe(200)
      // Production: no dev routes.
      expect((await request(`${url}/__dev/wechat/login-code`, { body: {} })).status).toBe(404)
    } finally {
      await bff.stop()
    }
  })
})
