import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { freePort } from '../../testing/free-port'
import { join } from 'node:path'

/** Debian's package puts it here; .ci/run installs it. */
export const NGINX = '/usr/sbin/nginx'

export function nginxInstalled(): boolean {
  return existsSync(NGINX)
}

export interface RunningNginx {
  url: string
  /** Everything nginx wrote to its error log, for a failing test's message. */
  errors: () => string
  close(): Promise<void>
}

/**
 * A real nginx as a non-daemon child with its own prefix, temp paths and error log under `dir`, listening on
 * a free 127.0.0.1 port. `serverBlock` is the inside of its one `server { }`, written against `{listen}`.
 */
export async function startNginx(dir: string, serverBlock: string): Promise<RunningNginx> {
  const port = await freePort()
  for (const sub of ['logs', 'temp']) mkdirSync(join(dir, sub), { recursive: true })
  const temp = (name: string) => `${name}_temp_path ${join(dir, 'temp', name)};`
  const conf = join(dir, 'nginx.conf')
  writeFileSync(conf, `
daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs', 'error.log')} warn;
events { worker_connections 64; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  server {
    listen 127.0.0.1:${port};
    ${serverBlock}
  }
}
`)
  let stderr = ''
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'logs', 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] })
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const errors = () => {
    let log = ''
    try {
      log = existsSync(join(dir, 'logs', 'error.log')) ? readFileSync(join(dir, 'logs', 'error.log'), 'utf8') : ''
    } catch { /* best effort */ }
    return `${stderr}${log}`
  }
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGQUIT')
    await exited
  }
  try {
    await waitForPort(port, () => child.exitCode !== null)
  } catch (err) {
    await close()
    throw new Error(`nginx did not start: ${(err as Error).message}\n${errors()}`)
  }
  return { url: `http://127.0.0.1:${port}`, errors, close }
}

async function waitForPort(port: number, gaveUp: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (gaveUp()) throw new Error('it exited')
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => { socket.destroy(); resolve(true) })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('not listening after 10 s')
}
