/**
 * Reads the compiled page markup (.ttml, .axml) as the host's template engine would, for the stand-in
 * hosts of platforms that have no simulator: elements, attributes, text, and `{{ }}` bindings
 * evaluated against a page's or component's data, with the platform's if/elif/else and for directives.
 * uni's compiled output is regular (double-quoted attributes, no comments or wxs), which is all this reads.
 */
export interface TemplateElement {
  tag: string
  attrs: Record<string, string>
  children: TemplateNode[]
}
export type TemplateNode = TemplateElement | { text: string }

const TOKEN = /<\/([\w-]+)\s*>|<([\w-]+)((?:\s+[^\s=/>]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)/g
const ATTR = /([^\s=/>]+)(?:="([^"]*)")?/g

export function parseTemplate(source: string): TemplateElement {
  const root: TemplateElement = { tag: '#root', attrs: {}, children: [] }
  const open: TemplateElement[] = [root]
  for (const match of source.matchAll(TOKEN)) {
    const [, closing, tag, attrText, selfClosing, text] = match
    const parent = open.at(-1)!
    if (closing) {
      if (parent.tag !== closing) throw new Error(`</${closing}> closes <${parent.tag}>`)
      open.pop()
    } else if (tag) {
      const attrs: Record<string, string> = {}
      for (const [, name, value] of (attrText ?? '').matchAll(ATTR)) attrs[name!] = value ?? 'true'
      const element: TemplateElement = { tag, attrs, children: [] }
      parent.children.push(element)
      if (!selfClosing) open.push(element)
    } else if (text && text.trim()) {
      parent.children.push({ text })
    }
  }
  if (open.length !== 1) throw new Error(`<${open.at(-1)!.tag}> is not closed`)
  return root
}

const compiled = new Map<string, (scope: object) => unknown>()

/** One `{{ expression }}` against `scope` (a data object, with loop variables over it). */
function evaluateExpression(expression: string, scope: object): unknown {
  let fn = compiled.get(expression)
  if (!fn) {
    // Sloppy-mode `with`, as the hosts' template engines resolve names against the data.
    fn = new Function('scope', `with (scope) { return (${expression}) }`) as (scope: object) => unknown
    compiled.set(expression, fn)
  }
  try {
    return fn(new Proxy(scope, { has: () => true, get: (target, key) => (key === Symbol.unscopables ? undefined : Reflect.get(target, key)) }))
  } catch {
    return undefined
  }
}

/** An attribute value: a lone binding keeps its type; text with bindings is a string. */
export function evaluate(value: string, scope: object): unknown {
  const lone = /^\{\{([\s\S]*)\}\}$/.exec(value)
  if (lone && !lone[1]!.includes('}}')) return evaluateExpression(lone[1]!, scope)
  return value.replace(/\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
    const result = evaluateExpression(expression, scope)
    return result == null ? '' : String(result)
  })
}
