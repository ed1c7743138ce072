import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { cleanEnv } from './cleanEnv'
import { freePort } from './freePort'
import { httpText } from './httpText'
import { SERVER_DIR } from './paths'
import { waitFor } from './waitFor'

export interface RunningBff {
  url: string
  stop(): Promise<void>
}

/**
 * The real BFF in dev mode (`tsx src/main.ts` with no WeChat credentials: the built-in mock WeChat
 * and its /__dev/ minting routes), on a free port, with its embedded database in a temporary dir.
 * `env` adds to (or overrides) its configuration. The unit tests' global setup uses it too.
 */
export async function startDevBff(env: Record<string, string> = {}): Promise<RunningBff> {
  const port = await freePort()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wx-phone-login-e2e-'))
  const child: ChildProcess = spawn(path.join(SERVER_DIR, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: SERVER_DIR,
    env: cleanEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Every request here comes from 127.0.0.1; the limiter has its own tests in the server.
      AUTH_RATE_LIMIT: '1000000',
      REFRESH_RATE_LIMIT: '1000000',
      PHONE_LOGIN_LIMIT: '1000000',
      PHONE_CHANGE_LIMIT: '1000000',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))

  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await waitFor('the BFF to answer /healthz', async () => {
      if (child.exitCode !== null) throw new Error(`the BFF exited (${child.exitCode}):\n${output}`)
      // node:http, not fetch: the mini-program suites delete fetch (WeChat has none) and start BFFs too.
      return (await httpText(`${url}/healthz`).result).status === 200
    }, { timeoutMs: 45_000, intervalMs: 150 })
  } catch (error) {
    await stop()
    throw error
  }
  return { url, stop }
}
