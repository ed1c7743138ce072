import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { Clock } from '../../src/clock'
import { loadConfig } from '../../src/config'
import { createLogger } from '../../src/logger'
import { startMockWechat, type RunningMockWechat } from '../../src/platforms/weixin/mock'
import { type RunningServer, startServer, type StartOverrides } from '../../src/server'
import { createTestSchema, type TestSchema } from './postgres'

export const APPID = 'wxbff0test0appid01'
export const APP_SECRET = 'app-secret-for-tests-0123456789abcdef'
/** One EC P-256 key (PKCS#8 PEM) for every test BFF of a test file: what AUTH_SIGNING_KEYS holds. */
export const AUTH_SIGNING_KEYS = newSigningKey()

export function newSigningKey(type: 'ec' | 'ed25519' = 'ec'): string {
  const { privateKey } = type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')
  return privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
}

export function tempDir(prefix = 'bff-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** Every JSON log line the BFF writes, kept for assertions. */
export function logCapture() {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    },
  })
  return {
    stream,
    text: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
  }
}

/** The vitest project "postgres" sets this: every test BFF then runs on PostgreSQL instead of the embedded database. */
export const ON_POSTGRES = process.env.BFF_TEST_DATABASE === 'postgres'

// PostgreSQL schemas by data dir: a BFF restarted on the same data dir finds the same data.
const schemas = new Map<string, TestSchema>()

async function databaseEnv(dataDir: string, env: Record<string, string> | undefined): Promise<Record<string, string>> {
  if (!ON_POSTGRES || env?.DATABASE_URL !== undefined) return {}
  let schema = schemas.get(dataDir)
  if (!schema) {
    schema = await createTestSchema()
    schemas.set(dataDir, schema)
  }
  return { DATABASE_URL: schema.url }
}

async function dropSchema(dataDir: string): Promise<void> {
  await schemas.get(dataDir)?.drop()
  schemas.delete(dataDir)
}

export interface TestBff extends RunningServer {
  mock: RunningMockWechat
  dataDir: string
  logs: ReturnType<typeof logCapture>
  /** Stops the BFF (not the mock, not the data dir): for restart tests. */
  stop(): Promise<void>
  /** Stops everything and removes the data dir. */
  dispose(): Promise<void>
}

export interface TestBffOptions {
  env?: Record<string, string>
  clock?: Clock
  /** Reuse a mock (restart tests); by default a new one on a real port. */
  mock?: RunningMockWechat
  dataDir?: string
  overrides?: Omit<StartOverrides, 'clock' | 'logger'>
}

/**
 * The BFF on a real port with production-like configuration: real credentials (test ones), WeChat at a mock
 * WeChat on its own real port, the embedded database in a temp DATA_DIR (or, in the "postgres" project, a
 * PostgreSQL schema of its own), logs captured.
 */
export async function startTestBff(options: TestBffOptions = {}): Promise<TestBff> {
  const mock = options.mock ?? await startMockWechat({ appid: APPID, secret: APP_SECRET })
  const dataDir = options.dataDir ?? tempDir().path
  const logs = logCapture()
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    WECHAT_APPID: APPID,
    WECHAT_SECRET: APP_SECRET,
    WECHAT_API_BASE: mock.url,
    WECHAT_TIMEOUT_MS: '1500',
    AUTH_SIGNING_KEYS,
    AUTH_RATE_LIMIT: '1000000',
    // Limits are tested where they are set; elsewhere they would only trip busy tests.
    REFRESH_RATE_LIMIT: '1000000',
    PHONE_LOGIN_LIMIT: '1000000',
    PHONE_CHANGE_LIMIT: '1000000',
    ...await databaseEnv(dataDir, options.env),
    ...options.env,
  })
  const server = await startServer(config, {
    clock: options.clock,
    logger: createLogger({ level: 'debug', stream: logs.stream }),
    ...options.overrides,
  })
  return {
    ...server,
    mock,
    dataDir,
    logs,
    stop: () => server.close(),
    async dispose() {
      await server.close()
      if (!options.mock) await mock.close()
      if (!options.dataDir) {
        rmSync(dataDir, { recursive: true, force: true })
        await dropSchema(dataDir)
      }
    },
  }
}
