#!/usr/bin/env node
// `pnpm screenshots`: rewrites the README screenshots (docs/screenshots/*.png, light and dark) by running
// the H5 browser walk with WRITE_SCREENSHOTS=1. The only command that touches those tracked files:
// `pnpm test` runs the same walk without writing anything.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const client = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client')
const child = spawn(
  path.join(client, 'node_modules/.bin/vitest'),
  ['run', '-c', 'vitest.e2e.config.ts', 'e2e/h5-browser.e2e.test.ts'],
  { cwd: client, env: { ...process.env, WRITE_SCREENSHOTS: '1' }, stdio: 'inherit' },
)
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
