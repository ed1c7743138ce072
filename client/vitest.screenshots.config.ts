import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// `pnpm --filter client screenshots` only: README images, never part of `pnpm test`.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['screenshots/**/*.shots.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
})
