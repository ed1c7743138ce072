import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { cleanEnv } from './cleanEnv'
import { CLIENT_DIR } from './paths'

export interface UniBuildOptions {
  /** Omitted: H5. `h5-douyin` / `h5-alipay`: the H5 previews of those platforms' branches (package.json "uni-app".scripts). */
  platform?: 'mp-weixin' | 'mp-toutiao' | 'mp-alipay' | 'h5-douyin' | 'h5-alipay'
  /** `uni build` defaults to production; development keeps the dev-only 模拟授权. */
  mode?: 'production' | 'development'
  outDir: string
  env: Record<string, string>
}

/** `uni build` with these arguments and only this configuration; its exit code and everything it printed. */
export async function runUni(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(path.join(CLIENT_DIR, 'node_modules/.bin/uni'), args, {
    cwd: CLIENT_DIR,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', resolve)
  })
  return { code, output }
}

/** Runs `uni build` exactly as the client's build scripts do, into a fresh `outDir`. Returns its duration in ms. */
export async function uniBuild({ platform, mode = 'production', outDir, env }: UniBuildOptions): Promise<number> {
  rmSync(outDir, { recursive: true, force: true })
  const args = ['build', ...(platform ? ['-p', platform] : []), ...(mode === 'development' ? ['--mode', 'development'] : []), '--outDir', outDir]
  const started = Date.now()
  const { code, output } = await runUni(args, env)
  if (code !== 0 || !/Build complete/.test(output)) {
    throw new Error(`uni ${args.join(' ')} failed (${code}):\n${output}`)
  }
  return Date.now() - started
}
