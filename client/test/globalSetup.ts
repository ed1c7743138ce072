import type { TestProject } from 'vitest/node'
import { startDevBff } from '../e2e/support/bff'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The real BFF, in dev mode (mock WeChat), started for this test run. */
    bffUrl: string
    /** Its ACCESS_TOKEN_TTL, short so that tests can watch tokens expire. */
    accessTokenTtl: number
  }
}

const ACCESS_TOKEN_TTL = 2

/** Starts the real BFF (`tsx server/src/main.ts`) in dev mode on a free port with a temporary data dir. */
export default async function setup(project: TestProject) {
  const bff = await startDevBff({ ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_TTL) })
  project.provide('bffUrl', bff.url)
  project.provide('accessTokenTtl', ACCESS_TOKEN_TTL)
  return () => bff.stop()
}
