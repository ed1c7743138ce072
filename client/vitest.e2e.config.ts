import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The product as shipped: the compiled mini program, the H5 build in Chromium, the output's static
// checks and `pnpm dev`. globalSetup starts one BFF and makes each build once; files run one at a
// time because each drives a heavy process (a page runtime, a browser, a watcher) on a small machine.
export default defineConfig({
  // Tests read the user-facing messages from the client's source, to check the compiled app shows them.
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  // The same build-time constants as the unit tests (vitest.config.ts), for the source modules the tests import.
  define: { __DEV_MINT__: 'false', __APP_ID__: JSON.stringify('') },
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['e2e/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
