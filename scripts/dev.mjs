#!/usr/bin/env node
// `pnpm dev`: the BFF in dev mode (mock platforms, embedded database) plus the client in watch mode,
// mp-weixin by default, another mini program with --platform mp-toutiao | mp-alipay, or H5 with --h5
// (`pnpm dev:h5 --platform mp-toutiao` serves the H5 preview of Douyin's branch, uni -p h5-douyin). Ctrl-C (or either side dying) stops everything: each child
// runs in its own process group, and the whole group is killed, so no watcher is left behind.
import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const h5 = process.argv.includes('--h5')
const PLATFORMS = {
  'mp-weixin': { app: 'WeChat DevTools', h5Script: null },
  'mp-toutiao': { app: 'Douyin DevTools (抖音开发者工具)', h5Script: 'h5-douyin' },
  'mp-alipay': { app: 'Alipay DevTools (支付宝小程序开发者工具)', h5Script: 'h5-alipay' },
}
const platformFlag = process.argv.indexOf('--platform')
const platform = platformFlag === -1 ? 'mp-weixin' : process.argv[platformFlag + 1]
if (!Object.hasOwn(PLATFORMS, platform ?? '')) {
  console.error(`--platform must be one of ${Object.keys(PLATFORMS).join(', ')} (got ${platform ?? 'nothing'})`)
  process.exit(1)
}
const target = PLATFORMS[platform]
const port = process.env.PORT ?? '8787'
const host = process.env.HOST ?? '127.0.0.1'
const apiBase = process.env.VITE_API_BASE ?? `http://${host}:${port}`

const children = []
let stopping = false

/** Whether something can listen on host:port right now (the BFF would otherwise die on start-up). */
function canListen(listenHost, listenPort) {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(Number(listenPort), listenHost, () => probe.close(() => resolve(true)))
  })
}

/** The first port from `from` that is free on localhost: the H5 dev server's, known before it starts. */
async function freePortFrom(from) {
  for (let candidate = from; candidate < from + 100; candidate++) {
    if (await canListen('localhost', candidate)) return candidate
  }
  throw new Error(`no free port in ${from}-${from + 99} for the H5 dev server`)
}

const bffListenFailure = `BFF could not listen on ${host}:${port} (port in use?); stopping`

function run(name, args, env) {
  const child = spawn('pnpm', args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const prefix = `[${name}] `
  for (const stream of [child.stdout, child.stderr]) {
    let rest = ''
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n')
      rest = lines.pop() ?? ''
      // Once stopping, pnpm's "command failed with signal SIGTERM" lines are noise, not news.
      if (stopping) return
      for (const line of lines) process.stdout.write(prefix + line + '\n')
      // tsx watch keeps running after the BFF dies on start-up, so its failure is read from the log.
      if (name === 'bff' && lines.some((line) => line.includes('EADDRINUSE'))) {
        console.error(bffListenFailure)
        stop(1)
      }
    })
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.log(`${prefix}exited (${signal ?? code}); stopping everything`)
      stop(code || 1)
    }
  })
  children.push(child)
  return child
}

/** Whether any process of this child's group is left (pnpm may exit before the BFF it started). */
function groupAlive(child) {
  try {
    process.kill(-child.pid, 0)
    return true
  } catch {
    return false
  }
}

function stop(exitCode = 0) {
  if (stopping) return
  stopping = true
  for (const child of children) {
    try { process.kill(-child.pid, 'SIGTERM') } catch { /* already gone */ }
  }
  // The BFF finishes its in-flight requests and closes the database; watchers just exit.
  // Whatever is still there after 5 s is killed.
  const started = Date.now()
  const timer = setInterval(() => {
    const left = children.filter(groupAlive)
    if (left.length > 0 && Date.now() - started < 5000) return
    clearInterval(timer)
    for (const child of left) {
      try { process.kill(-child.pid, 'SIGKILL') } catch { /* gone meanwhile */ }
    }
    console.log('stopped.')
    process.exit(exitCode)
  }, 100)
}

if (!(await canListen(host, port))) {
  console.error(bffListenFailure)
  process.exit(1)
}
const h5Port = h5 ? String(process.env.H5_PORT ?? await freePortFrom(5173)) : undefined

process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
// The terminal closed: the children are in their own groups and would not get its SIGHUP.
process.on('SIGHUP', () => stop(0))

run('bff', ['--filter', 'server', 'dev'], { PORT: port, HOST: host })
const h5Args = ['dev:h5', ...(target.h5Script ? ['-p', target.h5Script] : []), '--port', h5Port, '--strictPort']
// Douyin and Alipay builds name their app in every login: by default the dev BFF's own dev apps
// (server/src/config.ts DEV_DOUYIN_APPID, DEV_ALIPAY_APPID), whose mocks 模拟授权 mints codes in.
const devAppids = { DOUYIN_APPID: process.env.DOUYIN_APPID ?? 'ttdevmock00000001', ALIPAY_APPID: process.env.ALIPAY_APPID ?? '2021000000000000' }
run(h5 ? 'h5' : platform, ['--filter', 'client', ...(h5 ? h5Args : [`dev:${platform}`])], { VITE_API_BASE: apiBase, ...devAppids })

console.log(`
wx-phone-login dev mode
  BFF (mock platforms, embedded database): ${apiBase}
${h5
    ? `  H5: open http://localhost:${h5Port}/ in a browser once the [h5] build is ready (sign in with 模拟授权)`
    : `  Mini program: open ${path.join(root, `client/dist/dev/${platform}`)} in ${target.app}
  In DevTools turn off the request-domain check (WeChat: 详情 → 本地设置 → 不校验合法域名、web-view（业务域名）、TLS 版本以及 HTTPS 证书),
  so the mini program may call the local BFF. Without a real appid, use 模拟授权 on the login page.`}
  Ctrl-C stops everything.
`)
