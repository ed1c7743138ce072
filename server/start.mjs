// `pnpm start` (and `pnpm report`, with `report` as first argument): the compiled BFF in this one node process. If a source file (server, its mock WeChat, or shared) is newer than
// the bundle, or there is none, it is rebuilt first (~0.4 s), so an edit is never run stale and there is no
// build step to remember.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
// `node start.mjs report --json`: the cost report; its own arguments follow.
const entry = process.argv[2] === 'report' ? 'report' : 'main'
if (entry === 'report') process.argv.splice(2, 1)
const bundle = join(root, 'dist', `${entry}.js`)

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
