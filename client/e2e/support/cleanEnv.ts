/**
 * The environment a child process gets: the developer's shell minus this project's configuration
 * and the test runner's own variables (vitest sets NODE_ENV=test, which changes how uni builds).
 */
const OURS = /^(NODE_ENV|PORT|HOST|WECHAT_\w+|AUTH_\w+|ACCESS_TOKEN_TTL|REFRESH_TOKEN_TTL|DATABASE_URL|DATA_DIR|REDIS_URL|REDIS_KEY_PREFIX|CORS_ORIGINS|TRUST_PROXY|LOG_LEVEL|VITE_\w+|VITEST\w*|TEST|UNI_\w+)$/

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!OURS.test(key) && value !== undefined) env[key] = value
  }
  return { ...env, ...extra }
}
