import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { REPO_ROOT } from '../testing/spawn-bff'

const DOC = resolve(REPO_ROOT, 'docs', 'benchmarks.md')
const START = '<!-- bench:start (written by `pnpm bench --write`) -->'
const END = '<!-- bench:end -->'

/** Replaces the generated part of docs/benchmarks.md; the hand-written notes around it stay. */
export function writeBenchmarksDoc(markdown: string): string {
  const doc = readFileSync(DOC, 'utf8')
  const from = doc.indexOf(START)
  const to = doc.indexOf(END)
  if (from === -1 || to < from) throw new Error(`${DOC} has no "${START}" … "${END}" section to replace`)
  writeFileSync(DOC, `${doc.slice(0, from + START.length)}\n${markdown}\n${doc.slice(to)}`)
  return DOC
}
