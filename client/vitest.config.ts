import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// The client's logic runs in Node against the real BFF (started by test/globalSetup.ts) with a
// `uni` global whose request is real HTTP; the compiled pages are the e2e suite's business.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  define: { __DEV_MINT__: 'false', __APP_ID__: JSON.stringify('') },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
