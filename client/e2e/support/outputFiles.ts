import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

export interface OutputFile {
  /** Relative to the output root, with forward slashes. */
  name: string
  bytes: number
  text: string
}

/** Every file under `dir`, read as text (the build output is all text: js, json, wxml, wxss, html, css). */
export function outputFiles(dir: string): OutputFile[] {
  const files: OutputFile[] = []
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name)
      if (entry.isDirectory()) walk(full)
      else files.push({ name: path.relative(dir, full).split(path.sep).join('/'), bytes: statSync(full).size, text: readFileSync(full, 'utf8') })
    }
  }
  walk(dir)
  return files
}

/** The opening tags of `<tag …>` in a WXML file, each as its attribute map. */
export function wxmlTags(wxml: string, tag: string): Record<string, string>[] {
  const tags: Record<string, string>[] = []
  for (const [, attrs = ''] of wxml.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))) {
    const map: Record<string, string> = {}
    for (const [, name = '', value = ''] of attrs.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) map[name] = value
    tags.push(map)
  }
  return tags
}
