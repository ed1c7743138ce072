// `pnpm start`: the compiled BFF in this one node process. If a source file (server or shared) is newer than
// the bundle, or there is none, it is rebuilt first (~0.4 s), so an edit is never run stale and there is no
// build step to remember.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
const bundle = join(root, 'dist', 'main.js')

function newestMtime(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

const sources = [join(root, 'src'), join(root, '..', 'shared', 'src')].filter(existsSync)
const stale = !existsSync(bundle) || sources.some((dir) => newestMtime(dir) > statSync(bundle).mtimeMs)
if (stale) await (await import('./build.mjs')).buildServer()
await import(bundle)
