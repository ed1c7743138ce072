import { execFileSync } from 'node:child_process'

export interface Proc {
  pid: number
  ppid: number
  args: string
}

function list(): (Proc & { zombie: boolean })[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, pid, ppid, stat, args]) => ({ pid: Number(pid), ppid: Number(ppid), zombie: stat!.startsWith('Z'), args: args! }))
}

/** `root` and every process below it, now. */
export function processTree(root: number): Proc[] {
  const all = list()
  const found = new Set([root])
  for (let grew = true; grew;) {
    grew = false
    for (const p of all) {
      if (found.has(p.ppid) && !found.has(p.pid)) {
        found.add(p.pid)
        grew = true
      }
    }
  }
  return all.filter((p) => found.has(p.pid)).map(({ pid, ppid, args }) => ({ pid, ppid, args }))
}

/** Those of `procs` still running (same pid and command line, so a reused pid does not count; zombies have ended). */
export function survivors(procs: Proc[]): Proc[] {
  const now = list()
  return procs.filter((p) => now.some((q) => q.pid === p.pid && q.args === p.args && !q.zombie))
}
