import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT_DIR } from './paths'

/**
 * `git status --porcelain` plus a hash of each file it lists (so a file already modified and then
 * rewritten again still counts as a change). Outside a git checkout (an unpacked archive): "".
 */
export function treeState(): string {
  let status: string
  try {
    status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: ROOT_DIR, encoding: 'utf8' })
  } catch {
    return ''
  }
  return status.split('\n').filter(Boolean).map((line) => {
    const file = line.slice(3).replace(/^.* -> /, '')
    let hash = '-'
    try {
      hash = createHash('sha1').update(readFileSync(path.join(ROOT_DIR, file))).digest('hex').slice(0, 12)
    } catch {
      // deleted, or a directory
    }
    return `${line} ${hash}`
  }).join('\n')
}
