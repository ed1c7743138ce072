import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real BFF, in dev mode (mock WeChat), started for this test run. */
    bffUrl: string
    /** Its ACCESS_TOKEN_TTL, short so that tests can watch tokens expire. */
    accessTokenTtl: number
  }
}

const ACCESS_TOKEN_TTL = 2
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 45_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the BFF exited (${child.exitCode}) before answering:\n${output()}`)
    try {
      const response = await fetch(`${url}/healthz`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`the BFF did not answer /healthz within 45 s:\n${output()}`)
}

/** Starts the real BFF (`tsx server/src/main.ts`) in dev mode on a free port with a temporary data dir. */
export default async function setup(project: TestProject) {
  const port = await freePort()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wx-phone-login-client-test-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL),
    // Every test talks from 127.0.0.1; the limiter is the server's business, not these tests'.
    AUTH_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  }
  for (const name of ['WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_API_BASE', 'DATABASE_URL', 'REDIS_URL', 'AUTH_SECRET', 'CORS_ORIGINS']) {
    delete env[name]
  }
  const child = spawn(path.join(root, 'server/node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: path.join(root, 'server'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))

  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(url, child, () => output)
  } catch (error) {
    child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  project.provide('bffUrl', url)
  project.provide('accessTokenTtl', ACCESS_TOKEN_TTL)

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
}
