import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { isBffEnvVar } from 'shared/env-vars'

export const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url))


export interface BenchedProcess {
  pid: number
  url: string
  /** From spawn to the first `GET /healthz` 200. */
  startupMs: number
  /** Resident set size now (VmRSS), in bytes. */
  rss(): number
  /** CPU time used so far (user + system), in ms. */
  cpuMs(): number
  /** SIGTERM, then wait for a clean exit (a CPU profile is written then). */
  stop(): Promise<void>
}

export interface StartOptions {
  /**
   * What to run: `['node', ...args]` runs this node with those arguments; anything else is spawned as it is
   * (e.g. `['pnpm', 'start']`, to time what a user types).
   */
  command: string[]
  env: Record<string, string>
  /** Where the process's stdout (its JSON logs) goes: a file, as a log collector would take it. */
  logFile: string
  /** Working directory; the server package by default. */
  cwd?: string
}

/**
 * Starts a process on a free port and waits for `/healthz`. Node processes are started directly (not through
 * a CLI wrapper that would run the program in a second process, whose memory we would then not be reading).
 */
export async function startProcess(opts: StartOptions): Promise<BenchedProcess> {
  const port = await freePort()
  // The BFF's own variables must not leak from the developer's shell into a benchmarked process.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !isBffEnvVar(key)))
  const log = openSync(opts.logFile, 'a')
  const started = performance.now()
  const [executable, ...args] = opts.command
  const child = spawn(executable === 'node' ? process.execPath : executable!, args, {
    cwd: opts.cwd ?? SERVER_DIR,
    env: { ...clean, ...opts.env, PORT: String(port) },
    stdio: ['ignore', log, 'pipe'],
  })
  closeSync(log)
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = once(child, 'exit')
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(url, child)
  } catch (err) {
    child.kill('SIGKILL')
    const logTail = readFileSync(opts.logFile, 'utf8').slice(-2000)
    throw new Error(`${opts.command.join(' ')} did not become healthy: ${(err as Error).message}\n${stderr}${logTail}`)
  }
  const startupMs = performance.now() - started
  const pid = child.pid!
  return {
    pid,
    url,
    startupMs,
    rss: () => readRss(pid),
    cpuMs: () => readCpuMs(pid),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(force)
    },
  }
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + 30_000
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`)
    try {
      const res = await fetch(`${url}/healthz`)
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error('no 200 from /healthz within 30 s')
}

/** VmRSS from /proc (Linux); NaN elsewhere, printed as n/a. */
export function readRss(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks: 100 per second on Linux); NaN elsewhere. */
export function readCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}
