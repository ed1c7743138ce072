import { DEV_BFF, startBff } from 'server/testing/spawn-bff'
import { cleanEnv } from './cleanEnv'

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
  const bff = await startBff({
    command: DEV_BFF,
    baseEnv: cleanEnv(),
    tempDataDir: 'wx-phone-login-e2e-',
    env: {
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // Every request here comes from 127.0.0.1; the limiter has its own tests in the server.
      AUTH_RATE_LIMIT: '1000000',
      REFRESH_RATE_LIMIT: '1000000',
      PHONE_LOGIN_LIMIT: '1000000',
      PHONE_CHANGE_LIMIT: '1000000',
      ...env,
    },
    readyTimeoutMs: 45_000,
    pollMs: 150,
  })
  return { url: bff.url, stop: async () => { await bff.stop(5000) } }
}
