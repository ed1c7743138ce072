import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { get } from 'node:http'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isBffEnvVar } from 'shared/env-vars'
import { freePort } from './free-port'

// From the file path, not `new URL('..', import.meta.url)`: suites under jsdom (the mini program's) have jsdom's URL.
export const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const REPO_ROOT = resolve(SERVER_DIR, '..')

/** What `pnpm start` runs: the compiled server (rebuilt first if stale). `node` stands for this Node binary. */
export const COMPILED_BFF = ['node', 'start.mjs']
/** What `pnpm dev` runs, once (no watcher): the TypeScript source through tsx. */
export const DEV_BFF = [join(SERVER_DIR, 'node_modules/.bin/tsx'), 'src/main.ts']
/** The repository's own `pnpm start`, as a user types it (run it in REPO_ROOT). */
export const PNPM_START = ['pnpm', '--silent', 'start']

/** The developer's shell minus the BFF's own variables: they must not leak into a BFF started with a configuration of its own. */
export function withoutBffVars(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !isBffEnvVar(key)))
}

export interface SpawnOptions {
  /** The command line; COMPILED_BFF by default. A leading `node` runs this Node binary. */
  command?: string[]
  /** The server package by default. */
  cwd?: string
  /** The configuration, over baseEnv. */
  env?: Record<string, string>
  /** What the process inherits: the shell minus the BFF's variables by default. */
  baseEnv?: NodeJS.ProcessEnv
  /** Where stdout (the JSON logs) goes, as a log collector would take it; kept in memory by default. */
  logFile?: string
}

export interface SpawnedBff {
  child: ChildProcess
  pid: number
  /** stdout so far (its log file's contents with `logFile`). */
  stdout(): string
  stderr(): string
  /** The exit code (null after a signal). */
  exit: Promise<number | null>
  /** Resolves with the address from the "listening on" log line (for PORT=0). */
  listening(): Promise<string>
  /** SIGTERM, then SIGKILL if it has not exited after graceMs; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>
}

/** Spawns a BFF (or any server the bench compares it with) and returns at once; nothing waits for it to be ready. */
export function spawnBff(options: SpawnOptions = {}): SpawnedBff {
  const [executable, ...args] = options.command ?? COMPILED_BFF
  const log = options.logFile === undefined ? 'pipe' : openSync(options.logFile, 'a')
  const child = spawn(executable === 'node' ? process.execPath : executable!, args, {
    cwd: options.cwd ?? SERVER_DIR,
    env: { ...(options.baseEnv ?? withoutBffVars()), ...options.env },
    stdio: ['ignore', log, 'pipe'],
  })
  if (typeof log === 'number') closeSync(log)
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString() })
  const stdout = () => (options.logFile === undefined ? out : readFileSync(options.logFile, 'utf8'))
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  return {
    child,
    pid: child.pid!,
    stdout,
    stderr: () => err,
    exit,
    async listening() {
      for (;;) {
        const match = /listening on (http:\/\/[^"\s]+)/.exec(stdout())
        if (match) return match[1]!
        if (child.exitCode !== null) throw new Error(`the BFF exited (${child.exitCode}): ${err}${stdout()}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const force = setTimeout(() => child.kill('SIGKILL'), graceMs)
        await exit
        clearTimeout(force)
      }
      return exit
    },
  }
}

export interface StartOptions extends SpawnOptions {
  /** A new temporary DATA_DIR with this name prefix, removed by stop(). */
  tempDataDir?: string
  /** How long to wait for /healthz (30 s) and how often to ask (every 5 ms: startupMs is measured by it). */
  readyTimeoutMs?: number
  pollMs?: number
}

export interface RunningBff extends SpawnedBff {
  url: string
  /** From spawn to the first `GET /healthz` 200. */
  startupMs: number
  dataDir: string | undefined
}

/**
 * Spawns a BFF on a free port (its PORT) and waits for `GET /healthz` to answer 200. Node processes are
 * spawned directly, not through a CLI wrapper that would run the program in a second process (whose memory
 * and CPU the bench would then not be reading).
 */
export async function startBff(options: StartOptions = {}): Promise<RunningBff> {
  const port = await freePort()
  const dataDir = options.tempDataDir === undefined ? undefined : mkdtempSync(join(tmpdir(), options.tempDataDir))
  const started = performance.now()
  const spawned = spawnBff({
    ...options,
    env: { ...(dataDir === undefined ? {} : { DATA_DIR: dataDir }), ...options.env, PORT: String(port) },
  })
  const stop = async (graceMs?: number) => {
    const code = await spawned.stop(graceMs)
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
    return code
  }
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(url, spawned.child, options.readyTimeoutMs ?? 30_000, options.pollMs ?? 5)
  } catch (err) {
    await stop(0)
    const command = (options.command ?? COMPILED_BFF).join(' ')
    throw new Error(`${command} did not become healthy: ${(err as Error).message}\n${spawned.stderr()}${spawned.stdout().slice(-2000)}`)
  }
  return { ...spawned, url, startupMs: performance.now() - started, dataDir, stop }
}

/** The status of one GET, or 0 when nothing answers (not listening yet). */
function healthStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = get(url, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', () => resolve(0))
    req.setTimeout(2000, () => req.destroy())
  })
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number, pollMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`)
    // node:http, not fetch: the mini-program suites delete fetch (WeChat has none) and start BFFs too.
    if (await healthStatus(`${url}/healthz`) === 200) return
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
  throw new Error(`no 200 from /healthz within ${timeoutMs / 1000} s`)
}
