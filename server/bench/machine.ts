import { readFileSync } from 'node:fs'
import { availableParallelism, loadavg, totalmem } from 'node:os'

export interface Machine {
  cpus: number
  cpuModel: string
  memoryGiB: number
  node: string
  /** The 1-minute load average when the bench started: other work on the machine skews every figure. */
  loadAverage: number
  date: string
}

export function describeMachine(): Machine {
  let cpuModel = 'unknown'
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel
  } catch {
    // Not Linux: the model stays unknown.
  }
  return {
    cpus: availableParallelism(),
    cpuModel,
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    loadAverage: loadavg()[0] ?? Number.NaN,
    date: new Date().toISOString().slice(0, 10),
  }
}
