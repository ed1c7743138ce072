// Instructions per request of GET /api/me (or verify) on the BFF and on the lean server, counted by valgrind's
// callgrind: the same figure on every run (±1 %), where CPU time on a shared machine swings by tens of percent.
// User-space instructions only (no kernel time, no cache misses): a check that a change removes work, not a
// replacement for `pnpm bench`. Needs valgrind; takes about a minute per server.
//   node --import tsx bench/instructions.ts [--server-dir=DIR] [--route=/api/auth/verify] [--requests=2000] [--only=bff|lean]
import { execFileSync } from 'node:child_process'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startMockWechatHost } from '../src/platforms/weixin/mock'
import { SHOP } from './apps'
import { newUserLogin } from './bff-client'
import { SERVER_DIR, startBff } from '../testing/spawn-bff'

const { values: args } = parseArgs({
  options: { 'server-dir': { type: 'string' }, route: { type: 'string', default: '/api/me' }, requests: { type: 'string', default: '2000' }, only: { type: 'string' } },
})
const serverDir = resolve(args['server-dir'] ?? SERVER_DIR)
const requests = Number(args.requests)
const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
const mock = await startMockWechatHost([SHOP], { latencyMs: 0 })
const work = mkdtempSync(join(tmpdir(), 'wxpl-instructions-'))
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 })

function get(url: string, token: string): Promise<void> {
  return new Promise((done, fail) => {
    http.get(url + args.route, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume()
      res.on('end', () => (res.statusCode! < 300 ? done() : fail(new Error(`${args.route}: HTTP ${res.statusCode}`))))
    }).on('error', fail)
  })
}

/** `n` requests over four keep-alive connections, round-robin over the tokens. */
async function load(url: string, tokens: string[], n: number): Promise<void> {
  let sent = 0
  await Promise.all([0, 1, 2, 3].map(async () => {
    while (sent < n) await get(url, tokens[sent++ % tokens.length]!)
  }))
}

/** Started under callgrind; counted from after a warm-up (the JIT settles) to the end of `requests` requests. */
async function count(name: string, command: string[], cwd: string, env: Record<string, string>, tokens: string[]): Promise<number> {
  const out = join(work, `${name}.callgrind`)
  const server = await startBff({
    command: ['valgrind', '--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${out}`, process.execPath, ...command],
    cwd, env, readyTimeoutMs: 300_000, pollMs: 500, logFile: join(work, `${name}.log`),
  })
  await load(server.url, tokens, 5000)
  execFileSync('callgrind_control', ['--zero', String(server.pid)], { stdio: 'ignore' })
  await load(server.url, tokens, requests)
  execFileSync('callgrind_control', ['--dump', String(server.pid)], { stdio: 'ignore' })
  await server.stop(120_000)
  const total = Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(`${out}.1`, 'utf8'))?.[1])
  return total / requests
}

try {
  const dataDir = join(work, 'data')
  const env = {
    NODE_ENV: 'production', WECHAT_APPID: SHOP.appid, WECHAT_SECRET: SHOP.secret, WECHAT_API_BASE: mock.url,
    AUTH_SIGNING_KEYS: KEY, DATA_DIR: dataDir, AUTH_RATE_LIMIT: '1000000000',
  }
  // Accounts and tokens from a BFF run normally; the counted servers read the same database (same key: tokens stay valid).
  execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'ignore' })
  const seeder = await startBff({ command: ['node', 'dist/main.js'], cwd: serverDir, env })
  const tokens: string[] = []
  for (let i = 0; i < 50; i += 1) tokens.push((await newUserLogin(seeder.url, mock.apps[SHOP.appid]!)).accessToken)
  await seeder.stop()
  const figures: string[] = []
  if (args.only !== 'lean') figures.push(`BFF ${((await count('bff', ['dist/main.js'], serverDir, env, tokens)) / 1000).toFixed(1)} k`)
  if (args.only !== 'bff') {
    const leanEnv = { LEAN_DB: join(dataDir, 'wx-phone-login.sqlite'), LEAN_PUBLIC_KEY: createPublicKey(KEY).export({ format: 'pem', type: 'spki' }) as string }
    figures.push(`lean ${((await count('lean', ['--import', 'tsx', 'bench/lean-server.ts'], SERVER_DIR, leanEnv, tokens)) / 1000).toFixed(1)} k`)
  }
  process.stdout.write(`GET ${args.route}, instructions per request (${requests} requests after 5000 to warm up): ${figures.join(', ')}\n`)
} finally {
  agent.destroy()
  await mock.close()
  rmSync(work, { recursive: true, force: true })
}
