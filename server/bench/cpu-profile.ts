import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  startTime: number
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  /** CPU time sampled in the windows, idle excluded. */
  totalMs: number
  /** Time with this owner anywhere on the stack (so `kysely` includes the better-sqlite3 calls it makes). */
  inclusiveByOwner: [string, number][]
  /** Self time by where the code lives: a package, node's internals, our own source, GC, idle. */
  byOwner: [string, number][]
  /** Self time by function. */
  byFunction: [string, number][]
}

/**
 * Reads the `.cpuprofile` files `node --cpu-prof` wrote into `dir` and sums self time, counting only samples
 * taken inside `windowsUs` (the load runs; start-up, seeding and idle gaps would drown them otherwise).
 */
export function summarizeProfiles(dir: string, windowsUs: [number, number][], top = 25): ProfileSummary {
  const byOwner = new Map<string, number>()
  const inclusiveByOwner = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let totalMs = 0
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
    const parents = new Map<number, number>()
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id)
    let at = profile.startTime
    profile.samples.forEach((id, i) => {
      at += profile.timeDeltas[i] ?? 0
      if (!windowsUs.some(([from, to]) => at >= from && at <= to)) return
      const node = nodes.get(id)!
      const selfMs = (profile.timeDeltas[i + 1] ?? 0) / 1000
      const { functionName, url, lineNumber } = node.callFrame
      // The idle thread (tsx's module hooks run in a worker with a profile of its own) is not work.
      if (functionName === '(idle)') return
      totalMs += selfMs
      add(byOwner, ownerOf(functionName, url), selfMs)
      const onStack = new Set<string>()
      for (let frameId: number | undefined = id; frameId !== undefined; frameId = parents.get(frameId)) {
        const frame = nodes.get(frameId)!.callFrame
        if (frame.url !== '') onStack.add(ownerOf(frame.functionName, frame.url))
      }
      for (const owner of onStack) add(inclusiveByOwner, owner, selfMs)
      add(byFunction, `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`, selfMs)
    })
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top)
  return { totalMs, byOwner: sorted(byOwner), inclusiveByOwner: sorted(inclusiveByOwner), byFunction: sorted(byFunction) }
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms)
}

function ownerOf(functionName: string, url: string): string {
  if (url === '') return `(${functionName || 'native'})`
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url) ?? /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]!
  if (url.startsWith('node:')) return url.split('/').slice(0, 3).join('/')
  const ours = /\/(server\/src|shared\/src)\/(.+)$/.exec(url)
  return ours ? `${ours[1]}/${ours[2]}` : shortUrl(url)
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^file:\/\/.*\/(server|shared)\//, '$1/')
}

export function renderProfile(summary: ProfileSummary): string {
  const pct = (ms: number) => `${((ms / summary.totalMs) * 100).toFixed(1).padStart(5)} %`
  return [
    `CPU profile of the BFF during the load runs: ${summary.totalMs.toFixed(0)} ms of CPU (idle excluded)`,
    'self time by owner:',
    ...summary.byOwner.map(([owner, ms]) => `  ${pct(ms)}  ${owner}`),
    'time with the owner on the stack:',
    ...summary.inclusiveByOwner.map(([owner, ms]) => `  ${pct(ms)}  ${owner}`),
    'self time by function:',
    ...summary.byFunction.map(([name, ms]) => `  ${pct(ms)}  ${name}`),
  ].join('\n')
}

/**
 * One route on the BFF and on the lean server, side by side in µs of the main thread per answered request:
 * where the BFF spends what the lean server does not. Kernel time outside the main thread (the log file's
 * writes on libuv's pool) is not in a CPU profile; `pnpm bench`'s CPU per request has it.
 */
export function renderComparedProfiles(
  route: string,
  bff: { summary: ProfileSummary; requests: number },
  lean: { summary: ProfileSummary; requests: number },
): string {
  const perRequest = (ms: number, requests: number) => (ms * 1000) / requests
  const leanByFunction = new Map(lean.summary.byFunction.map(([name, ms]) => [name.replace(/ \S+$/, ''), perRequest(ms, lean.requests)]))
  const us = (value: number | undefined) => (value === undefined ? '     –' : value.toFixed(1).padStart(6))
  return [
    `${route}: main-thread CPU per request, BFF ${us(perRequest(bff.summary.totalMs, bff.requests))} µs, lean server ${us(perRequest(lean.summary.totalMs, lean.requests))} µs (profiled, idle excluded)`,
    '   BFF µs  lean µs (same function name)  function',
    ...bff.summary.byFunction.map(([name, ms]) =>
      `  ${us(perRequest(ms, bff.requests))}   ${us(leanByFunction.get(name.replace(/ \S+$/, '')))}   ${name}`),
    'the lean server:',
    ...lean.summary.byFunction.slice(0, 15).map(([name, ms]) => `  ${us(perRequest(ms, lean.requests))}   ${name}`),
  ].join('\n')
}
