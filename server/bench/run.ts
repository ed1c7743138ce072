// `pnpm bench`: what a login costs on this machine. See docs/benchmarks.md for how to read the table.
//   --write            also put the report into docs/benchmarks.md (between its bench markers)
//   --duration=5       seconds per measured row (after a --warmup=1 s run that is not counted)
//   --connections=50   --latencies=0,50 (mock WeChat answer delay, ms)
//   --only=me,refresh  just these BFF rows (phone-login, wx-login, refresh, me, verify; me and verify bring the lean server's)
//   --rounds=3         BFF/lean pairs for the lean comparison, run back to back (the ratio is their median)
//   --profile          run the BFF under `node --cpu-prof` and print where its CPU time went
//   --skip-build       measure client/dist/build/mp-weixin as it is instead of building
//   --server-dir=DIR   benchmark the BFF of another checkout's server package (an older commit, to compare)
import { execFileSync } from 'node:child_process'
import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { type MockWechat, startMockWechatHost } from '../src/platforms/weixin/mock'
import { CLUB, SHOP } from './apps'
import { renderComparedProfiles, renderProfile, summarizeProfiles } from './cpu-profile'
import { seedUsers } from './bff-client'
import { measureLoad } from './load'
import { describeMachine } from './machine'
import { buildMpWeixin, measureMpWeixin, type MpWeixinSize } from './mp-weixin-size'
import { type BenchReport, LEAN_MARK, type LeanComparison, type ProcessFigures, renderReport, type RouteRow } from './report'
import { type Measured, measured } from './proc-stats'
import { bareScenario, meScenario, phoneLoginScenario, refreshScenario, type Scenario, verifyScenario, wxLoginScenario } from './scenarios'
import { callsBetween, type UpstreamCalls, upstreamCallsPerLogin } from './upstream-calls'
import { writeBenchmarksDoc } from './write-doc'
import { REPO_ROOT, type RunningBff, SERVER_DIR, startBff, type StartOptions } from '../testing/spawn-bff'

// ES256, as the BFF's dev mode generates (docs/benchmarks.md: why ES256 and not EdDSA).
const AUTH_SIGNING_KEYS = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
const SEEDED_USERS = 200
const EXTRA_STARTS = 3

const SCENARIOS = ['phone-login', 'wx-login', 'refresh', 'me', 'verify'] as const
type ScenarioName = (typeof SCENARIOS)[number]
const ROUTE_LABELS: Record<ScenarioName, string> = {
  'phone-login': 'POST /api/auth/phone-login (new user)',
  'wx-login': 'POST /api/auth/wx-login (returning user)',
  refresh: 'POST /api/auth/refresh',
  me: 'GET /api/me',
  verify: 'GET /api/auth/verify',
}
const LEAN_LABELS = { me: `GET /api/me${LEAN_MARK} (ES256 + the same SELECT)`, verify: `GET /api/auth/verify${LEAN_MARK}` } as const

const { values: args } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    latencies: { type: 'string', default: '0,50' },
    only: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
    'server-dir': { type: 'string' },
  },
})
const settings = { connections: Number(args.connections), durationSec: Number(args.duration), warmupSec: Number(args.warmup) }
const rounds = Number(args.rounds)
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds: a whole number, at least 1')
const latencies = args.latencies.split(',').map(Number)
const only = new Set((args.only?.split(',') ?? SCENARIOS) as ScenarioName[])
for (const name of only) if (!SCENARIOS.includes(name)) throw new Error(`--only: unknown row "${name}" (${SCENARIOS.join(', ')})`)

const started = performance.now()
const machine = describeMachine()
const work = mkdtempSync(join(tmpdir(), 'wxpl-bench-'))
const profileDir = join(SERVER_DIR, 'bench', '.profiles')
const profileDirOf = (who: 'bff' | 'lean') => join(profileDir, who)
const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`)

/** The second app, beside WECHAT_APPID's: APPS_FILE with its secret by reference. */
function appsFile(dataDir: string): string {
  const path = `${dataDir}-apps.json`
  writeFileSync(path, JSON.stringify({ apps: [{ platform: 'weixin', appid: CLUB.appid, secret: '$CLUB_SECRET' }] }))
  return path
}

function bffEnv(mock: { url: string }, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    WECHAT_APPID: SHOP.appid,
    WECHAT_SECRET: SHOP.secret,
    APPS_FILE: appsFile(dataDir),
    CLUB_SECRET: CLUB.secret,
    WECHAT_API_BASE: mock.url,
    AUTH_SIGNING_KEYS,
    // Only for --server-dir with a checkout from before AUTH_SIGNING_KEYS (HS256); today's BFF does not read it.
    AUTH_SECRET: 'bench-auth-secret-0123456789abcdef-0123456789',
    DATA_DIR: dataDir,
    // The limiter still runs on every auth request; it just never refuses the load generator.
    AUTH_RATE_LIMIT: '1000000000',
    REFRESH_RATE_LIMIT: '1000000000',
    PHONE_LOGIN_LIMIT: '1000000000',
    PHONE_CHANGE_LIMIT: '1000000000',
  }
}

const serverDir = args['server-dir'] === undefined ? SERVER_DIR : resolve(args['server-dir'])
/**
 * The compiled server, as `pnpm start` runs it (built here first, so the figures are for the source as it is);
 * an older checkout without a build runs its TypeScript through tsx, as its `pnpm start` did.
 */
const bffEntry = existsSync(join(serverDir, 'build.mjs')) ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts']
if (bffEntry[0] === 'dist/main.js') execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'inherit' })

/** A process the bench measures: spawned on a free port, healthy, its memory and CPU readable. */
type BenchedProcess = RunningBff & Measured
/** Its stdout (JSON logs) goes to a file, as a log collector would take it; stop() waits for a clean exit (a CPU profile is written then). */
const startProcess = async (opts: StartOptions & { logFile: string }): Promise<BenchedProcess> => measured(await startBff(opts))

let dataDirs = 0
async function startBenchedBff(mock: { url: string }, profile = false): Promise<BenchedProcess & { dataDir: string }> {
  dataDirs += 1
  const dataDir = join(work, `data-${dataDirs}`)
  const started = await startProcess({
    command: ['node', ...(profile ? cpuProf('bff') : []), ...bffEntry],
    env: bffEnv(mock, dataDir),
    logFile: join(work, `bff-${dataDirs}.log`),
    cwd: serverDir,
  })
  return Object.assign(started, { dataDir })
}

/** The lean hand-written server (bench/lean-server.ts) on the running BFF's own database, with its public key. */
function startLean(dataDir: string): Promise<BenchedProcess> {
  return startProcess({
    command: ['node', ...(args.profile ? cpuProf('lean') : []), '--import', 'tsx', 'bench/lean-server.ts'],
    env: { LEAN_DB: join(dataDir, 'wx-phone-login.sqlite'), LEAN_PUBLIC_KEY: createPublicKey(AUTH_SIGNING_KEYS).export({ format: 'pem', type: 'spki' }) as string },
    logFile: join(work, 'lean.log'),
  })
}

/** `pnpm start` at the repository root, as a user types it (this checkout only): its time to the first 200. */
async function timePnpmStart(mock: { url: string }): Promise<number> {
  dataDirs += 1
  const started = await startProcess({
    command: ['pnpm', 'start'],
    env: bffEnv(mock, join(work, `data-${dataDirs}`)),
    logFile: join(work, `pnpm-start-${dataDirs}.log`),
    cwd: REPO_ROOT,
  })
  await started.stop()
  return started.startupMs
}

const cpuProf = (who: 'bff' | 'lean') => ['--cpu-prof', `--cpu-prof-dir=${profileDirOf(who)}`]

/** Each measured run: whose, which route, when, how many answers (to read the CPU profiles per request). */
const loadWindows: { who: 'bff' | 'lean' | 'other'; route: string; windowUs: [number, number]; requests: number }[] = []
async function load(target: BenchedProcess, scenario: Scenario, who: 'bff' | 'lean' | 'other' = 'other', route = '') {
  const result = await measureLoad({ url: target.url, ...scenario, ...settings, rss: target.rss, cpuMs: target.cpuMs })
  loadWindows.push({ who, route, windowUs: result.windowUs, requests: result.requests })
  return result
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300))

async function benchBare(): Promise<{ row: RouteRow; figures: ProcessFigures }> {
  const bare = await startProcess({ command: ['node', '--import', 'tsx', 'bench/bare-hono.ts'], env: {}, logFile: join(work, 'bare.log') })
  await settle()
  const idleRssBytes = bare.rss()
  log('bare Hono: GET /')
  const result = await load(bare, bareScenario())
  await bare.stop()
  return {
    row: { route: 'GET / on bare Hono (constant JSON)', upstreamMs: undefined, ...result },
    figures: { label: 'bare Hono (baseline)', startupMs: [bare.startupMs], idleRssBytes, peakRssBytes: result.peakRssBytes },
  }
}

interface BffRun {
  rows: RouteRow[]
  comparisons: LeanComparison[]
  upstream: UpstreamCalls[]
  startupMs: number
  idleRssBytes: number
  peakRssBytes: number
}

async function benchBff(latencyMs: number, mock: MockWechat & { url: string; club: MockWechat }, firstRun: boolean): Promise<BffRun> {
  const bff = await startBenchedBff(mock, args.profile)
  await settle()
  const idleRssBytes = bff.rss()
  const prefix = `obench${latencyMs}x`
  const upstream = firstRun ? await upstreamCallsPerLogin(bff.url, mock, prefix, mock.club) : []
  const users = await seedUsers(bff.url, mock, SEEDED_USERS, prefix)
  const rows: RouteRow[] = []
  const run = async (name: ScenarioName, scenario: Scenario, countLogins = false) => {
    if (!only.has(name)) return
    log(`BFF, WeChat ${latencyMs} ms: ${ROUTE_LABELS[name]}`)
    const before = mock.calls()
    const result = await load(bff, scenario, 'bff', ROUTE_LABELS[name])
    // The requests autocannon left in flight when it stopped still finish (and call WeChat) in the BFF.
    await new Promise((resolve) => setTimeout(resolve, 300 + 4 * latencyMs))
    if (countLogins && firstRun) upstream.push(callsBetween(`${name} under load`, before, mock.calls(), result.sent))
    rows.push({ route: ROUTE_LABELS[name], upstreamMs: latencyMs, ...result })
  }
  await run('phone-login', phoneLoginScenario(mock), true)
  await run('wx-login', wxLoginScenario(mock, users.map((user) => user.openid)), true)
  // Sessions of their own: the wx-login row started dozens of sessions per seeded user, and the session cap
  // (MAX_SESSIONS_PER_USER) has ended the seeded ones, as it would in production.
  const live = only.has('refresh') || only.has('me') ? await seedUsers(bff.url, mock, SEEDED_USERS, `${prefix}live`) : []
  await run('refresh', refreshScenario(live.map((user) => user.session.refreshToken)))
  await run('me', meScenario(live.map((user) => user.session.accessToken)))
  await run('verify', verifyScenario(live.map((user) => user.session.accessToken)))
  // The same two checks on the lean server, same tokens, same database (once: no WeChat). The machine's speed
  // drifts by tens of percent over a minute, so each lean row is paired with a BFF row just before it, and the
  // pairs alternate; the ratio is the median of the pairs'.
  const comparisons: LeanComparison[] = []
  if (firstRun && (only.has('me') || only.has('verify'))) {
    const lean = await startLean(bff.dataDir)
    await settle()
    const tokens = live.map((user) => user.session.accessToken)
    const scenarioOf = (name: 'me' | 'verify') => (name === 'me' ? meScenario(tokens) : verifyScenario(tokens))
    for (const name of ['me', 'verify'] as const) {
      if (only.has(name)) comparisons.push({ route: ROUTE_LABELS[name], pairs: [] })
    }
    for (let round = 1; round <= rounds; round += 1) {
      for (const comparison of comparisons) {
        const name = comparison.route === ROUTE_LABELS.me ? 'me' : 'verify'
        log(`round ${round}/${rounds}: BFF, then lean server: ${comparison.route}`)
        const ours = await load(bff, scenarioOf(name), 'bff', comparison.route)
        const theirs = await load(lean, scenarioOf(name), 'lean', comparison.route)
        comparison.pairs.push({ bff: ours, lean: theirs })
        if (round === rounds) rows.push({ route: LEAN_LABELS[name], upstreamMs: latencyMs, ...theirs })
      }
    }
    await lean.stop()
  }
  await bff.stop()
  return { rows, comparisons, upstream, startupMs: bff.startupMs, idleRssBytes, peakRssBytes: Math.max(...rows.map((row) => row.peakRssBytes)) }
}

/** The client's size, or why there is none; a failed build fails the bench at the end, after the BFF's figures. */
function mpWeixin(): MpWeixinSize | string {
  if (args['skip-build']) {
    const existing = resolve(REPO_ROOT, 'client', 'dist', 'build', 'mp-weixin')
    return existsSync(existing) ? measureMpWeixin(existing, Number.NaN) : 'skipped (`--skip-build` and no build found)'
  }
  log('building the client for mp-weixin')
  const outDir = join(work, 'mp-weixin')
  try {
    return measureMpWeixin(outDir, buildMpWeixin(outDir))
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`)
    process.exitCode = 1
    return 'the build FAILED (its output is above)'
  }
}

const mocks: (MockWechat & { url: string; close(): Promise<void>; club: MockWechat })[] = []
try {
  // Before any load: the build is the heaviest thing here and must not overlap a measurement.
  const mp = mpWeixin()
  // The build leaves tens of MB of dirty pages for the kernel to write back; flushed now, that writeback does
  // not compete with the BFF's own database writes in the first rows.
  execFileSync('sync')
  if (args.profile) {
    rmSync(profileDir, { recursive: true, force: true })
    for (const who of ['bff', 'lean'] as const) mkdirSync(profileDirOf(who), { recursive: true })
  }
  const bare = await benchBare()
  const routes: RouteRow[] = [bare.row]
  const upstream: UpstreamCalls[] = []
  const comparisons: LeanComparison[] = []
  const bffFigures: ProcessFigures = { label: 'BFF (production mode)', startupMs: [], idleRssBytes: Number.NaN, peakRssBytes: 0 }
  for (const [i, latencyMs] of latencies.entries()) {
    const running = await startMockWechatHost([SHOP, CLUB], { latencyMs })
    mocks.push({ ...running.apps[SHOP.appid]!, url: running.url, close: running.close, club: running.apps[CLUB.appid]! })
    const result = await benchBff(latencyMs, mocks.at(-1)!, i === 0)
    routes.push(...result.rows)
    upstream.push(...result.upstream)
    comparisons.push(...result.comparisons)
    bffFigures.startupMs.push(result.startupMs)
    if (i === 0) bffFigures.idleRssBytes = result.idleRssBytes
    bffFigures.peakRssBytes = Math.max(bffFigures.peakRssBytes, result.peakRssBytes)
  }
  log('start-up times')
  for (let i = 0; i < EXTRA_STARTS; i += 1) {
    const bff = await startBenchedBff(mocks[0]!)
    bffFigures.startupMs.push(bff.startupMs)
    await bff.stop()
  }
  const pnpmStart: ProcessFigures | undefined = args['server-dir'] === undefined
    ? { label: '`pnpm start` (pnpm itself included)', startupMs: [], idleRssBytes: Number.NaN, peakRssBytes: Number.NaN }
    : undefined
  for (let i = 0; pnpmStart && i < EXTRA_STARTS; i += 1) pnpmStart.startupMs.push(await timePnpmStart(mocks[0]!))
  // Rows in route order, each route's latencies together.
  const labels: string[] = [...Object.values(ROUTE_LABELS), ...Object.values(LEAN_LABELS)]
  const order = (row: RouteRow) => (row.upstreamMs === undefined ? -1 : labels.indexOf(row.route))
  routes.sort((a, b) => order(a) - order(b) || (a.upstreamMs ?? 0) - (b.upstreamMs ?? 0))

  const report: BenchReport = {
    machine,
    settings,
    routes,
    comparisons,
    upstream,
    processes: pnpmStart ? [bffFigures, pnpmStart, bare.figures] : [bffFigures, bare.figures],
    mpWeixin: mp,
    totalSec: (performance.now() - started) / 1000,
  }
  const markdown = renderReport(report)
  process.stdout.write(`\n${markdown}\n`)
  if (args.profile) {
    const windowsOf = (who: 'bff' | 'lean', route?: string) => loadWindows.filter((w) => w.who === who && (route === undefined || w.route === route))
    process.stdout.write(`\n${renderProfile(summarizeProfiles(profileDirOf('bff'), windowsOf('bff').map((w) => w.windowUs)))}\n`)
    for (const { route } of comparisons) {
      const side = (who: 'bff' | 'lean') => {
        const windows = windowsOf(who, route)
        return { summary: summarizeProfiles(profileDirOf(who), windows.map((w) => w.windowUs), 40), requests: windows.reduce((sum, w) => sum + w.requests, 0) }
      }
      process.stdout.write(`\n${renderComparedProfiles(route, side('bff'), side('lean'))}\n`)
    }
  }
  if (args.write) log(`wrote ${writeBenchmarksDoc(markdown)}`)
  const failed = routes.filter((row) => row.failures > 0)
  if (failed.length > 0) {
    process.stderr.write(`\nFAILED: ${failed.map((row) => `${row.route}: ${row.failureDetail}`).join('\n')}\n`)
    process.exitCode = 1
  }
} finally {
  await Promise.all(mocks.map((mock) => mock.close()))
  rmSync(work, { recursive: true, force: true })
}
