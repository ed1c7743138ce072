import { readFileSync } from 'node:fs'

export interface Measured {
  /** Resident set size now (VmRSS), in bytes. */
  rss(): number
  /** CPU time used so far (user + system), in ms. */
  cpuMs(): number
}

/** A spawned process (testing/spawn-bff.ts) with its memory and CPU readable, as the bench reports them. */
export function measured<T extends { pid: number }>(process: T): T & Measured {
  return Object.assign(process, { rss: () => readRss(process.pid), cpuMs: () => readCpuMs(process.pid) })
}

/** VmRSS from /proc (Linux); NaN elsewhere, printed as n/a. */
function readRss(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : Number.NaN
  } catch {
    return Number.NaN
  }
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks: 100 per second on Linux); NaN elsewhere. */
function readCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may contain spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return Number.NaN
  }
}
