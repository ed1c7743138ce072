import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
// The folders whose every subfolder the layout lists (their deeper folders: only those of platforms/).
const LISTED = ['shared/src', 'server/src', 'server/src/platforms', 'server/src/platforms/weixin', 'client/src']

/** README's "Layout" block, as lines. */
function layoutBlock(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const block = /### Layout\n[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1]
  if (block === undefined) throw new Error('README.md has no Layout code block')
  return block.split('\n').filter((line) => line.trim() !== '')
}

/** The folders the block names, as paths: a root at column 0, each indented `name/` under the last shallower one. */
function listedFolders(lines: string[]): string[] {
  const stack: { indent: number; path: string }[] = []
  const folders: string[] = []
  for (const line of lines) {
    const match = /^( *)([\w.-]+(?:\/[\w.-]+)*)\/(?: |$)/.exec(line)
    if (!match) continue
    const indent = match[1]!.length
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop()
    const path = indent === 0 ? match[2]! : `${stack.at(-1)?.path ?? ''}/${match[2]}`
    stack.push({ indent, path })
    folders.push(path)
  }
  return folders
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return []
    const path = `${dir}/${entry.name}`
    return entry.isDirectory() ? filesUnder(path) : [path]
  })
}

describe('README\'s layout section', () => {
  const lines = layoutBlock()
  const folders = listedFolders(lines)

  it('lists every folder of the listed roots, and only folders that exist', () => {
    for (const folder of folders) expect(statSync(join(ROOT, folder), { throwIfNoEntry: false })?.isDirectory(), folder).toBe(true)
    for (const root of LISTED) {
      const actual = readdirSync(join(ROOT, root), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `${root}/${e.name}`)
      expect(folders.filter((f) => f.startsWith(`${root}/`) && !f.slice(root.length + 1).includes('/')).sort(), root).toEqual(actual.sort())
    }
  })

  it('names only files that exist', () => {
    const known = new Set(['server', 'client', 'shared'].flatMap((pkg) => filesUnder(pkg)).map((path) => path.split('/').at(-1)!))
    const named = new Set(lines.flatMap((line) => [...line.matchAll(/\b([\w-]+\.(?:ts|mjs|vue|json|svg))\b/g)].map((m) => m[1]!)))
    const missing = [...named].filter((name) => !known.has(name))
    expect(missing, 'named in README\'s layout but not in the tree').toEqual([])
  })
})
