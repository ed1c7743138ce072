/**
 * A stand-in host for the compiled mini program on platforms that have no simulator (Douyin, Alipay):
 * it loads app.js and each page's and component's .js as the host does (CommonJS, with App, Page,
 * Component, getApp and getCurrentPages defined), reads each .ttml/.axml with mpTemplate.ts, keeps the
 * tree of custom-component instances that the markup asks for, applies setData and re-renders after it
 * (asynchronously, as the render thread does), keeps the page stack for the navigation APIs, and fires
 * built-in components' events at the handlers their markup binds. What differs per platform (the
 * component model, events, the global API) is in ttRuntime.ts and myRuntime.ts.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { TemplateElement, TemplateNode } from './mpTemplate'
import { evaluate, parseTemplate } from './mpTemplate'

const require = createRequire(import.meta.url)
type Options = Record<string, unknown>
export type MpInstance = Record<string, unknown> & { data: Record<string, unknown> }

/** A page or custom component: the platform's instance (`this` in its code) and what it rendered. */
export interface HostNode {
  mp: MpInstance
  /** Its file in the output, without extension (pages/login/login). */
  file: string
  /** What Page() or Component() registered for it. */
  options: Options
  template: TemplateElement
  usingComponents: Record<string, string>
  children: Map<string, ComponentNode>
  elements: RenderedElement[]
  page: PageNode
}
export interface PageNode extends HostNode {
  route: string
  /** Host-assigned numbers for the platform's node ids (Douyin's __nodeId__: the page is 0). */
  nextNodeId: number
}
export interface ComponentNode extends HostNode {
  parent: HostNode
  /** The attributes on its tag in the parent's markup, as written and as evaluated. */
  rawAttrs: Record<string, string>
  attrs: Record<string, unknown>
}

/** A built-in component (button, view, text...) as rendered, with what it needs to fire its events. */
export interface RenderedElement {
  tag: string
  attrs: Record<string, unknown>
  rawAttrs: Record<string, string>
  /** The text inside it (slot content of custom components aside). */
  text: string
  owner: HostNode
}

/** What a platform's runtime file supplies. */
export interface PlatformModel {
  /** The global the app's code calls (tt, my). */
  globalName: 'tt' | 'my'
  markup: 'ttml' | 'axml'
  /** The directive prefix: tt:if, a:if. */
  directive: string
  /** The event an attribute binds (bindtap → tap; onTap → tap), or undefined. */
  eventOf(attribute: string): string | undefined
  /** The event object the platform hands a handler. */
  event(type: string, element: { attrs: Record<string, unknown> }, detail: unknown): Record<string, unknown>
  /** A page's instance and lifecycle up to its first render (created..onShow). */
  createPage(node: PageNode, query: Record<string, string>, host: Host): void
  /** After the page's first render (ready / onReady). */
  pageReady(node: PageNode): void
  /** A component's instance and lifecycle up to its first render. */
  createComponent(node: ComponentNode, host: Host): void
  /** After its first render (ready / didMount). */
  componentReady(node: ComponentNode): void
  /** Its tag's attributes changed (the new ones are in node.attrs). */
  updateComponent(node: ComponentNode, previous: Record<string, unknown>, host: Host): void
  removeComponent(node: ComponentNode): void
  showPage(node: PageNode): void
  hidePage(node: PageNode): void
  unloadPage(node: PageNode): void
}

type NavOptions = { url?: string; delta?: number; success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void }

function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [route = '', search = ''] = url.split('?')
  const query: Record<string, string> = {}
  for (const pair of search.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=')
    query[key] = value
  }
  return { route: route.replace(/^\//, ''), query }
}

/** Sets `a.b[0].c`-style paths, as setData takes them. */
function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.replace(/\[(\d+)\]/g, '.$1').split('.')
  let at: Record<string, unknown> = target
  for (const part of parts.slice(0, -1)) {
    if (typeof at[part] !== 'object' || at[part] === null) at[part] = {}
    at = at[part] as Record<string, unknown>
  }
  at[parts.at(-1)!] = value
}

/** What the host offers a platform model: the method an attribute names on a page or component. */
export interface Host {
  handlerOf(owner: HostNode, value: string): ((event: unknown) => unknown) | undefined
}

/** The host for one launch of the app in `distDir`; `api` becomes the platform's global. */
export function createHost(model: PlatformModel, distDir: string, api: Record<string, unknown>) {
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(distDir + path.sep)) delete require.cache[file]
  }
  const g = globalThis as unknown as Record<string, unknown>
  const stack: PageNode[] = []
  const registered = new Map<string, Options>()
  let loading: string | null = null
  let app: Options | undefined
  let closed = false
  let nextWebviewId = 1
  let flushScheduled = false
  let callbacks: (() => void)[] = []

  function load(file: string): Options {
    const known = registered.get(file)
    if (known) return known
    loading = file
    try {
      require(path.join(distDir, `${file}.js`))
    } finally {
      loading = null
    }
    const options = registered.get(file)
    if (!options) throw new Error(`${file}.js registered no page or component`)
    return options
  }
  const register = (options: Options) => {
    if (!loading) throw new Error('Page() or Component() outside a page or component file')
    registered.set(loading, options)
  }

  function readJson(file: string): { usingComponents?: Record<string, string> } {
    return JSON.parse(readFileSync(path.join(distDir, `${file}.json`), 'utf8')) as { usingComponents?: Record<string, string> }
  }
  function usingComponentsOf(file: string): Record<string, string> {
    const using: Record<string, string> = {}
    for (const [tag, ref] of Object.entries(readJson(file).usingComponents ?? {})) {
      using[tag] = ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(file), ref)
    }
    return using
  }
  const templateOf = (file: string) => parseTemplate(readFileSync(path.join(distDir, `${file}.${model.markup}`), 'utf8'))

  /** setData: the data changes at once; the view (and the callback) follow asynchronously. */
  function setDataFor(node: HostNode) {
    return (patch: Record<string, unknown>, callback?: () => void) => {
      for (const [key, value] of Object.entries(patch ?? {})) setPath(node.mp.data, key, value)
      schedule(callback)
    }
  }

  function schedule(callback?: () => void): void {
    if (callback) callbacks.push(callback)
    if (flushScheduled) return
    flushScheduled = true
    setTimeout(() => {
      flushScheduled = false
      if (closed) return
      for (const page of [...stack]) render(page)
      const due = callbacks
      callbacks = []
      for (const fn of due) fn()
    }, 0)
  }

  /** Renders `node`'s markup against its data: built-ins are recorded, custom components made or updated. */
  function render(node: HostNode): void {
    const seen = new Set<string>()
    const created: ComponentNode[] = []
    const d = model.directive
    let position = 0
    node.elements = []

    function renderChildren(children: TemplateNode[], scope: object, texts: string[][]): void {
      // if / elif / else: an element shows when its own condition holds and no earlier one in its chain did.
      let chainHeld = false
      for (const child of children) {
        if (!('tag' in child)) {
          const text = String(evaluate(child.text, scope))
          for (const t of texts) t.push(text)
          continue
        }
        const a = child.attrs
        let show = true
        if (`${d}if` in a) chainHeld = show = !!evaluate(a[`${d}if`]!, scope)
        else if (`${d}elif` in a) chainHeld = (show = !chainHeld && !!evaluate(a[`${d}elif`]!, scope)) || chainHeld
        else if (`${d}else` in a) [show, chainHeld] = [!chainHeld, false]
        else chainHeld = false
        if (!show) continue
        if (`${d}for` in a) {
          const list = evaluate(a[`${d}for`]!, scope)
          const item = a[`${d}for-item`] ?? 'item'
          const index = a[`${d}for-index`] ?? 'index'
          const entries = Array.isArray(list) ? list.map((v, i) => [i, v] as const) : Object.entries((list ?? {}) as object)
          for (const [i, v] of entries) renderElement(child, Object.assign(Object.create(scope) as object, { [item]: v, [index]: i }), texts, `#${i}`)
        } else {
          renderElement(child, scope, texts, '')
        }
      }
    }

    function renderElement(element: TemplateElement, scope: object, texts: string[][], loopKey: string): void {
      const attrs: Record<string, unknown> = {}
      for (const [name, value] of Object.entries(element.attrs)) {
        if (!name.startsWith(d)) attrs[name] = evaluate(value, scope)
      }
      const componentFile = node.usingComponents[element.tag]
      if (!componentFile) {
        const own: string[] = []
        const rendered: RenderedElement = { tag: element.tag, attrs, rawAttrs: element.attrs, text: '', owner: node }
        node.elements.push(rendered)
        renderChildren(element.children, scope, [...texts, own])
        rendered.text = own.join('').trim()
        return
      }
      const key = `${String(attrs['u-i'] ?? `${element.tag}@${position}`)}${loopKey}`
      position += 1
      seen.add(key)
      const existing = node.children.get(key)
      if (existing) {
        const previous = existing.attrs
        existing.attrs = attrs
        existing.rawAttrs = element.attrs
        if (JSON.stringify(previous) !== JSON.stringify(attrs)) model.updateComponent(existing, previous, host)
        render(existing)
        return
      }
      const child: ComponentNode = {
        mp: { data: {} }, file: componentFile, options: load(componentFile), template: templateOf(componentFile),
        usingComponents: usingComponentsOf(componentFile), children: new Map(), elements: [], page: node.page,
        parent: node, rawAttrs: element.attrs, attrs,
      }
      child.mp.setData = setDataFor(child)
      node.children.set(key, child)
      model.createComponent(child, host)
      render(child)
      created.push(child)
    }

    renderChildren(node.template.children, node.mp.data, [])
    for (const [key, child] of node.children) {
      if (seen.has(key)) continue
      removeTree(child)
      node.children.delete(key)
    }
    // Children are ready before their parent, as on the device.
    for (const child of created) readyTree(child)
  }

  function readyTree(node: ComponentNode): void {
    model.componentReady(node)
  }

  function removeTree(node: ComponentNode): void {
    for (const child of node.children.values()) removeTree(child)
    model.removeComponent(node)
  }

  function openPage(url: string): void {
    const { route, query } = parseUrl(url)
    const file = route
    const node = {
      mp: { data: {} }, file, route, options: load(file), template: templateOf(file), usingComponents: usingComponentsOf(file),
      children: new Map(), elements: [], nextNodeId: 1,
    } as unknown as PageNode
    node.page = node
    node.mp.setData = setDataFor(node)
    node.mp.__webviewId__ = nextWebviewId++
    stack.push(node)
    model.createPage(node, query, host)
    render(node)
    model.pageReady(node)
  }

  function closeTop(): void {
    const top = stack.pop()
    if (!top) return
    model.unloadPage(top)
    for (const child of top.children.values()) removeTree(child)
  }

  /** Navigation completes asynchronously, as on the device. */
  function navigate(options: NavOptions, change: () => void): void {
    setTimeout(() => {
      if (closed) return
      try {
        change()
        options.success?.({ errMsg: 'ok' })
        options.complete?.({ errMsg: 'ok' })
      } catch (error) {
        options.fail?.({ errMsg: `fail ${(error as Error).message}` })
        options.complete?.({ errMsg: 'fail' })
        throw error
      }
    }, 0)
  }

  /** Every built-in element rendered on the top page, its components' included, in document order. */
  function elementsOf(node: HostNode): RenderedElement[] {
    return [...node.elements, ...[...node.children.values()].flatMap(elementsOf)]
  }
  const find = (id: string) => {
    const top = stack.at(-1)
    return top ? elementsOf(top).find((element) => element.attrs.id === id) : undefined
  }

  const host: Host = {
    /** The method of `owner` that `value` (an attribute as written) names, after evaluation. */
    handlerOf(owner: HostNode, value: string): ((event: unknown) => unknown) | undefined {
      const name = evaluate(value, owner.mp.data)
      const method = typeof name === 'string' ? owner.mp[name] : undefined
      return typeof method === 'function' ? (method as (event: unknown) => unknown).bind(owner.mp) : undefined
    },
  }

  const navigation = {
    reLaunch: (options: NavOptions) => navigate(options, () => {
      while (stack.length) closeTop()
      openPage(options.url!)
    }),
    redirectTo: (options: NavOptions) => navigate(options, () => {
      closeTop()
      openPage(options.url!)
    }),
    navigateTo: (options: NavOptions) => navigate(options, () => {
      const top = stack.at(-1)
      if (top) model.hidePage(top)
      openPage(options.url!)
    }),
    navigateBack: (options: NavOptions = {}) => navigate(options, () => {
      for (let i = 0; i < (options.delta ?? 1) && stack.length > 1; i++) closeTop()
      const top = stack.at(-1)
      if (top) model.showPage(top)
    }),
  }

  g[model.globalName] = { ...api, ...navigation }
  g.App = (options: Options) => {
    app = options
  }
  g.Page = register
  g.Component = register
  g.getApp = () => app
  g.getCurrentPages = () => stack.map((page) => page.mp)

  return {
    host,
    /** Starts the app and opens `url` (default: app.json's first page), as a cold start does. */
    launch(url?: string): void {
      require(path.join(distDir, 'app.js'))
      if (!app) throw new Error('app.js did not call App()')
      const launchOptions = { path: '', query: {}, scene: 1001, referrerInfo: {} }
      ;(app.onLaunch as (o: unknown) => void).call(app, launchOptions)
      ;(app.onShow as ((o: unknown) => void) | undefined)?.call(app, launchOptions)
      const appJson = JSON.parse(readFileSync(path.join(distDir, 'app.json'), 'utf8')) as { pages: string[] }
      openPage(url ?? `/${appJson.pages[0]}`)
    },
    stack: () => stack.map((page) => page.route),
    find,
    text: (id: string) => find(id)?.text,
    /** Fires `type` on the element with this id, at the handler its markup binds (none bound: nothing happens). */
    fire(id: string, type: string, detail: unknown = {}): void {
      const element = find(id)
      if (!element) throw new Error(`no element #${id} on ${stack.at(-1)?.route}`)
      const binding = Object.keys(element.rawAttrs).find((name) => model.eventOf(name) === type)
      if (!binding) return
      const handler = host.handlerOf(element.owner, element.rawAttrs[binding]!)
      if (!handler) throw new Error(`#${id}'s ${binding} names no method of ${element.owner.file}`)
      handler(model.event(type, element, detail))
    },
    close(): void {
      closed = true
      while (stack.length) closeTop()
    },
  }
}

export type MiniHost = ReturnType<typeof createHost>
