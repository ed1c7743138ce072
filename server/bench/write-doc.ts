import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { SERVER_DIR } from './child-process'

const DOC = resolve(SERVER_DIR, '..', 'docs', 'benchmarks.md')
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
