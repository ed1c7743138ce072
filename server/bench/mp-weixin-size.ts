import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'
import { REPO_ROOT } from '../testing/spawn-bff'

export interface MpWeixinSize {
  totalBytes: number
  files: number
  vendorBytes: number
  /** pages/login/login.{js,json,wxml,wxss}. */
  loginPageBytes: number
  /** The login page plus the custom components it uses (their four files each, recursively). */
  loginPageWithComponentsBytes: number
  buildMs: number
}

/** Builds the client for mp-weixin into `outDir` (not the shared dist/, which a developer may be watching). */
export function buildMpWeixin(outDir: string): number {
  const started = performance.now()
  const result = spawnSync('pnpm', ['--filter', 'client', 'exec', 'uni', 'build', '-p', 'mp-weixin', '--outDir', outDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    // A production build needs an https BFF address (the build guard); its value does not change the size much.
    env: { ...process.env, NODE_ENV: 'production', VITE_API_BASE: process.env.VITE_API_BASE ?? 'https://api.example.com' },
  })
  if (result.status !== 0) throw new Error(`mp-weixin build failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
  return performance.now() - started
}

export function measureMpWeixin(outDir: string, buildMs: number): MpWeixinSize {
  const vendor = join(outDir, 'common', 'vendor.js')
  if (!existsSync(vendor)) throw new Error(`${outDir} is not an mp-weixin build (no common/vendor.js)`)
  const all = listFiles(outDir)
  return {
    totalBytes: all.reduce((sum, file) => sum + statSync(file).size, 0),
    files: all.length,
    vendorBytes: statSync(vendor).size,
    loginPageBytes: componentBytes(outDir, 'pages/login/login', new Set()),
    loginPageWithComponentsBytes: componentBytes(outDir, 'pages/login/login', new Set(), true),
    buildMs,
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? listFiles(path) : [path]
  })
}

/** A page or component is four files; `usingComponents` in its .json names the components it pulls in. */
function componentBytes(root: string, base: string, seen: Set<string>, withComponents = false): number {
  if (seen.has(base)) return 0
  seen.add(base)
  let bytes = 0
  for (const ext of ['.js', '.json', '.wxml', '.wxss']) {
    const file = join(root, base + ext)
    if (existsSync(file)) bytes += statSync(file).size
  }
  if (!withComponents) return bytes
  const json = join(root, `${base}.json`)
  const using = existsSync(json)
    ? (JSON.parse(readFileSync(json, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {}
    : {}
  for (const target of Object.values(using)) {
    const next = target.startsWith('/') ? target.slice(1) : posix.join(dirname(base), target)
    bytes += componentBytes(root, next, seen, true)
  }
  return bytes
}
