import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { isBffEnvVar } from 'shared/env-vars'

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url))


export interface SpawnedBff {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exit: Promise<number | null>
  /** Resolves with the address from the "listening" line. */
  listening: () => Promise<string>
}

/**
 * `node start.mjs` (what `pnpm start` runs: the compiled server, rebuilt first if stale), or with
 * `via: 'pnpm'` the repository's `pnpm start` itself, with only the given configuration.
 */
export function spawnBff(env: Record<string, string>, via: 'node' | 'pnpm' = 'node'): SpawnedBff {
  // The BFF's own variables must not leak from the developer's shell into a spawned BFF.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !isBffEnvVar(key)))
  const [command, args, cwd] = via === 'node' ? [process.execPath, ['start.mjs'], SERVER_DIR] : ['pnpm', ['--silent', 'start'], REPO_ROOT]
  const child = spawn(command, args, { cwd, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString() })
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  const listening = async () => {
    for (;;) {
      const match = /listening on (http:\/\/[^"\s]+)/.exec(out)
      if (match) return match[1]!
      if (child.exitCode !== null) throw new Error(`the BFF exited (${child.exitCode}): ${err}${out}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return { child, stdout: () => out, stderr: () => err, exit, listening }
}
