/**
 * A production mp-weixin build must not ship pointing at the local dev BFF (or any http address,
 * which WeChat refuses on a device): `uni build -p mp-weixin` stops with one line naming the problem.
 * Nothing is compiled, so these runs take a few seconds. (globalSetup makes the build that succeeds.)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect, it } from 'vitest'
import { runUni } from './support/uniBuild'

async function buildMpWeixin(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'wx-phone-login-guard-'))
  try {
    return await runUni(['build', '-p', 'mp-weixin', '--outDir', outDir], env)
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

/** The lines a developer sees that are ours (uni prints its banner before the config is read). */
const stopLines = (output: string) => output.split('\n').filter((line) => line.startsWith('build stopped:'))

it('fails with one line when VITE_API_BASE is missing', async () => {
  const { code, output } = await buildMpWeixin({})
  expect(code).not.toBe(0)
  expect(stopLines(output)).toEqual([expect.stringContaining('VITE_API_BASE is not set')])
  expect(output).not.toMatch(/Build complete|\n\s+at /)
})

it('fails with one line when VITE_API_BASE is not https', async () => {
  const { code, output } = await buildMpWeixin({ VITE_API_BASE: 'http://127.0.0.1:8787' })
  expect(code).not.toBe(0)
  expect(stopLines(output)).toEqual(['build stopped: VITE_API_BASE "http://127.0.0.1:8787" is not https://: WeChat only lets a released mini program call HTTPS domains'])
})
