/**
 * `pnpm dev` and `pnpm dev:h5` as a developer runs them: in their own process group (a terminal's
 * foreground job), against a fresh data dir and a free port; Ctrl-C (SIGINT to the group) must
 * leave no process behind. Note: `pnpm dev` writes client/dist/dev/mp-weixin, as it always does.
 */
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ROUTES } from 'shared'
import { afterEach, expect, it } from 'vitest'
import { postJson } from './support/bffCalls'
import { chromiumSkipReason, launchChromium, PHONE } from './support/browser'
import { cleanEnv } from './support/cleanEnv'
import { freePort } from 'server/testing/free-port'
import { ROOT_DIR } from './support/paths'
import type { Proc } from './support/processTree'
import { processTree, survivors } from './support/processTree'
import { waitFor } from './support/waitFor'

const ANSI = /\x1b\[[0-9;]*m/g // eslint-disable-line no-control-regex

interface DevRun {
  child: ChildProcess
  output: () => string
  bffUrl: string
  /** The run's processes just before Ctrl-C (after it, orphans would no longer be below pnpm). */
  snapshot?: Proc[]
}

const cleanups: (() => void)[] = []

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

async function startDev(script: 'dev' | 'dev:h5', port?: number): Promise<DevRun> {
  port ??= await freePort()
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wx-phone-login-dev-'))
  const child = spawn('pnpm', [script], {
    cwd: ROOT_DIR,
    env: cleanEnv({ PORT: String(port), DATA_DIR: dataDir }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString().replace(ANSI, '')))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString().replace(ANSI, '')))
  const run: DevRun = { child, output: () => output, bffUrl: `http://127.0.0.1:${port}` }
  cleanups.push(() => {
    // Only when the test failed: nothing of this run may outlive it.
    for (const p of survivors([...(run.snapshot ?? []), ...processTree(child.pid!)])) {
      try { process.kill(p.pid, 'SIGKILL') } catch { /* gone */ }
    }
    rmSync(dataDir, { recursive: true, force: true })
  })
  return run
}

async function waitForBff(run: DevRun): Promise<void> {
  await waitFor('the BFF to answer /healthz', async () => {
    if (run.child.exitCode !== null) throw new Error(`pnpm exited (${run.child.exitCode}):\n${run.output()}`)
    return (await fetch(`${run.bffUrl}/healthz`)).ok
  }, { timeoutMs: 45_000, intervalMs: 200 })
  // Dev mode: the mock WeChat's minting routes answer.
  expect((await postJson(run.bffUrl, ROUTES.devPhoneCode, { phone: '13800138000' })).status).toBe(200)
}

/** Ctrl-C in the terminal: SIGINT to the whole foreground process group. Returns what was running just before. */
async function ctrlC(run: DevRun): Promise<Proc[]> {
  const running = processTree(run.child.pid!)
  run.snapshot = running
  const exited = new Promise((resolve) => run.child.once('exit', resolve))
  process.kill(-run.child.pid!, 'SIGINT')
  await exited
  await waitFor('every process of the run to end', () => survivors(running).length === 0, { timeoutMs: 10_000, intervalMs: 100 })
    .catch(() => expect(survivors(running), 'processes left after Ctrl-C').toEqual([]))
  await expect(fetch(`${run.bffUrl}/healthz`)).rejects.toThrow()
  return running
}

it('pnpm dev: the BFF in dev mode and the mp-weixin watcher, at the printed path; Ctrl-C stops both', async () => {
  const started = Date.now()
  const run = await startDev('dev')
  await waitForBff(run)

  const printed = await waitFor('the DevTools path', () => /Mini program: open (\S+) in WeChat DevTools/.exec(run.output())?.[1])
  expect(printed).toBe(path.join(ROOT_DIR, 'client/dist/dev/mp-weixin'))
  expect(run.output()).toContain('不校验合法域名')
  // The watcher's first build lands there, calling this BFF.
  await waitFor('a fresh build at the printed path', () => /Watching for changes/.test(run.output())
    && (statSync(path.join(printed, 'app.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0) >= started, { timeoutMs: 90_000, intervalMs: 250 })
  expect(await readFile(path.join(printed, 'config.js'), 'utf8')).toContain(run.bffUrl)

  const running = await ctrlC(run)
  expect(running.map((p) => p.args).join('\n')).toMatch(/tsx.*watch[\s\S]*uni(\.js)? -p mp-weixin|uni(\.js)? -p mp-weixin[\s\S]*tsx.*watch/)
})

it.skipIf(chromiumSkipReason !== undefined)('pnpm dev:h5: the H5 dev server runs the app against the same BFF; Ctrl-C stops both', async () => {
  const run = await startDev('dev:h5')
  await waitForBff(run)
  // The banner names the H5 address before the dev server is up; the server then listens there.
  const announced = /H5: open (\S+) in a browser/.exec(run.output())?.[1]
  expect(announced).toMatch(/^http:\/\/localhost:\d+\/$/)
  const h5Url = await waitFor('the H5 dev server URL', () => /\[h5\]\s+➜\s+Local:\s+(\S+)/.exec(run.output())?.[1], { timeoutMs: 90_000, intervalMs: 250 })
  expect(h5Url).toBe(announced)

  const browser = await launchChromium()
  try {
    const page = await browser.newPage(PHONE)
    await page.goto(h5Url)
    // The login page tries a silent login: that request goes to this run's BFF.
    const wxLogin = page.waitForRequest((request) => request.url() === `${run.bffUrl}${ROUTES.wxLogin}`, { timeout: 45_000 })
    await page.locator('#home-profile-entry').click({ timeout: 45_000 })
    await wxLogin
    await page.locator('#dev-mint-btn').waitFor({ timeout: 30_000 })
  } finally {
    await browser.close()
  }

  await ctrlC(run)
})

it('pnpm dev with the BFF port taken: one clear line, a non-zero exit, nothing left running', async () => {
  const squatter = createServer()
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => squatter.close())
  const port = (squatter.address() as AddressInfo).port
  const run = await startDev('dev', port)
  const code = await new Promise<number | null>((resolve) => run.child.once('exit', resolve))
  expect(code).not.toBe(0)
  expect(run.output()).toContain(`BFF could not listen on 127.0.0.1:${port} (port in use?); stopping`)
  // Found before anything starts: no watcher was started, and nothing of the run's process group is left.
  expect(run.output()).not.toContain('[mp-weixin]')
  expect(() => process.kill(-run.child.pid!, 0)).toThrow()
})
