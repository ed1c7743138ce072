import { isBffEnvVar } from 'shared/env-vars'

/**
 * The environment a child process gets: the developer's shell minus this project's configuration (the
 * BFF's variables, from shared/env-vars, and the client build's) and the test runner's own variables
 * (vitest sets NODE_ENV=test, which changes how uni builds).
 */
const CLIENT_AND_RUNNER = /^(VITE_\w+|VITEST\w*|TEST|UNI_\w+)$/

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!isBffEnvVar(key) && !CLIENT_AND_RUNNER.test(key) && value !== undefined) env[key] = value
  }
  return { ...env, ...extra }
}
