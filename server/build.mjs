// Compiles the BFF into plain JavaScript in dist/ (one bundle plus chunks loaded on demand), so `pnpm start`
// runs node alone: no TypeScript compiler in memory, no second process. Run by `pnpm install` (prepare) and,
// when a source file is newer than the bundle, by start.mjs.
import { build } from 'esbuild'
import { renameSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))

export async function buildServer({ quiet = false } = {}) {
  const started = performance.now()
  // Built aside and moved into place, so a process starting meanwhile never sees half a bundle.
  const temp = `.dist-${process.pid}`
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/main.ts', report: 'src/report.ts' },
    outdir: temp,
    bundle: true,
    splitting: true,
    // Chunks beside main.js: code that resolves paths from import.meta.url sees the same folder either way.
    chunkNames: 'chunk-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The native SQLite binding stays a package; pg's optional native driver is never used.
    external: ['better-sqlite3', 'pg-native'],
    // CommonJS dependencies bundled into ESM still call require() for node's own modules.
    banner: { js: "import { createRequire as __wxplRequire } from 'node:module'; const require = __wxplRequire(import.meta.url);" },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  })
  // Swapped in with two renames, so a process starting (or loading a chunk) meanwhile finds a whole bundle:
  // chunk names are content hashes, the same in the new bundle for unchanged code.
  const old = `${root}.dist-old-${process.pid}`
  try {
    renameSync(`${root}dist`, old)
  } catch (err) {
    if (err.code !== 'ENOENT') throw err
  }
  try {
    renameSync(`${root}${temp}`, `${root}dist`)
  } catch (err) {
    // Another build (a second instance starting at the same moment) moved its own in first: use that one.
    rmSync(`${root}${temp}`, { recursive: true, force: true })
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err
  }
  rmSync(old, { recursive: true, force: true })
  if (!quiet) process.stderr.write(`server: built dist/ in ${Math.round(performance.now() - started)} ms\n`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildServer()
