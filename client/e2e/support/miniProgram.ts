/**
 * Runs the compiled mini program (the `uni build -p mp-weixin` output, untouched) in Node:
 * Tencent's miniprogram-simulate renders each page (its WXML compiled by WeChat's own wcc) under
 * jsdom, and this file plays the WeChat host around it: App()/getApp(), the page stack with its
 * lifecycles (onLoad, onShow, onUnload) and navigation APIs, and the `wx` members in wxRuntime.ts.
 * A test file using it must run in the jsdom environment.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { ApiRoute, Device, WxRecord } from './wxRuntime'
import { wxApis } from './wxRuntime'

const require = createRequire(import.meta.url)

/** A rendered node, as j-component (under miniprogram-simulate) exposes it. */
export interface SimNode {
  dom: HTMLElement
  data: Record<string, unknown>
  instance: PageInstance
  querySelector(selector: string): SimNode | undefined
  dispatchEvent(name: string, options?: { detail?: unknown }): void
  attach(parent: Element): void
  detach(): void
  /** j-component's render tree: built-in components (button...) keep their attributes only here. */
  _exparserNode?: { _vt?: { attrs?: { name: string; value: unknown }[] } }
}

interface PageInstance {
  route: string
  options?: Record<string, string>
  onLoad(query: Record<string, string>): unknown
  onShow(): unknown
  onHide(): unknown
  onUnload(): unknown
}

interface Simulate {
  load(componentPath: string, options: { compiler: 'official'; rootPath: string }): string
  render(id: string): SimNode
}

interface AppOptions {
  onLaunch(options: unknown): void
  onShow(options: unknown): void
}

type NavOptions = { url?: string; delta?: number; success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void }

// Loading simulate defines global `wx` and `Component`; the app's vendor.js then wraps `Component`,
// so the original is kept to give every launch a fresh start.
const simulate = require('miniprogram-simulate') as Simulate
const g = globalThis as unknown as Record<string, unknown> & { wx: Record<string, unknown> }
const simulateComponent = g.Component

export interface OpenPage {
  route: string
  node: SimNode
}

export interface MiniProgram {
  record: WxRecord
  /** The page on top of the stack. */
  page(): OpenPage
  /** Finds a node on the top page; `a >>> b` crosses into custom components. */
  find(selector: string): SimNode | undefined
  text(selector: string): string | undefined
  tap(selector: string): void
  /** The routes of the open pages, bottom first. */
  stack(): string[]
  /** Ends this launch: every page is unloaded (the storage stays on the device). */
  close(): void
}

/** Query values as WeChat hands them to onLoad: split, not decoded. */
function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [route = '', search = ''] = url.split('?')
  const query: Record<string, string> = {}
  for (const pair of search.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=')
    query[key] = value
  }
  return { route: route.replace(/^\//, ''), query }
}

/** Starts the app in `distDir` on `device`, and opens its first page as WeChat does on a cold start. */
export function launchMiniProgram({ distDir, bffUrl, route, device }: {
  distDir: string
  /** The BFF, for wx.login codes from its mock WeChat. */
  bffUrl: string
  /** Where the app's API calls go. */
  route: ApiRoute
  device: Device
}): MiniProgram {
  // A cold start: the app's modules (and their state) are loaded anew; only the device's storage remains.
  for (const file of Object.keys(require.cache)) {
    if (file.startsWith(distDir + path.sep)) delete require.cache[file]
  }
  const record: WxRecord = { requests: [], logins: 0, toasts: [], modals: [], modalAnswers: [], titles: [] }
  const stack: OpenPage[] = []
  let app: AppOptions | undefined
  let closed = false

  function openPage(url: string): void {
    const { route, query } = parseUrl(url)
    // rootPath: the whole app is compiled by wcc once, as WeChat does. Per page (simulate's default),
    // each compile numbers its templates anew in one shared global, and a second page renders garbage.
    const node = simulate.render(simulate.load(path.join(distDir, route), { compiler: 'official', rootPath: distDir }))
    // WeChat sets `route` on every page; uni's runtime tells a page from a component by it.
    node.instance.route = route
    const container = document.createElement('div')
    document.body.appendChild(container)
    node.attach(container)
    stack.push({ route, node })
    node.instance.onLoad(query)
    node.instance.onShow()
  }

  function closeTop(): void {
    const top = stack.pop()
    if (!top) return
    top.node.instance.onUnload()
    top.node.detach()
  }

  /** Navigation completes asynchronously, as in WeChat. */
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

  Object.assign(g.wx, wxApis(bffUrl, route, device, record), {
    reLaunch: (options: NavOptions) => navigate(options, () => {
      while (stack.length) closeTop()
      openPage(options.url!)
    }),
    redirectTo: (options: NavOptions) => navigate(options, () => {
      closeTop()
      openPage(options.url!)
    }),
    navigateTo: (options: NavOptions) => navigate(options, () => {
      stack.at(-1)?.node.instance.onHide()
      openPage(options.url!)
    }),
    navigateBack: (options: NavOptions = {}) => navigate(options, () => {
      for (let i = 0; i < (options.delta ?? 1) && stack.length > 1; i++) closeTop()
      stack.at(-1)?.node.instance.onShow()
    }),
  })
  g.Component = simulateComponent
  // uni-app (Vue 3) registers pages through Component(); a Page() call would be a surprise.
  g.Page = () => {
    throw new Error('unexpected Page() call')
  }
  g.App = (options: AppOptions) => {
    app = options
  }
  g.getApp = () => app
  g.getCurrentPages = () => stack.map((entry) => entry.node.instance)

  const launch = { path: '', query: {}, scene: 1001, referrerInfo: {} }
  require(path.join(distDir, 'app.js'))
  if (!app) throw new Error('app.js did not call App()')
  app.onLaunch(launch)
  app.onShow(launch)
  const appJson = JSON.parse(readFileSync(path.join(distDir, 'app.json'), 'utf8')) as { pages: string[] }
  openPage(`/${appJson.pages[0]}`)

  const find = (selector: string) => stack.at(-1)?.node.querySelector(selector)
  return {
    record,
    page: () => {
      const top = stack.at(-1)
      if (!top) throw new Error('no page is open')
      return top
    },
    find,
    stack: () => stack.map((entry) => entry.route),
    text: (selector) => find(selector)?.dom.textContent?.trim(),
    tap(selector) {
      const node = find(selector)
      if (!node) throw new Error(`nothing to tap at ${selector}`)
      node.dispatchEvent('tap')
    },
    close() {
      closed = true
      while (stack.length) closeTop()
    },
  }
}

/** An attribute of a built-in component as the WXML evaluated it (e.g. a button's openType). */
export function renderedAttribute(node: SimNode, name: string): unknown {
  return node._exparserNode?._vt?.attrs?.find((attr) => attr.name === name)?.value
}
