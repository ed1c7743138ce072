type StackPage = Page.PageInstance & { options?: Record<string, string> }

/** The URL ("/pages/x/y?a=1") of a page on the stack, `below` pages under the top; null if there is none. */
export function pageUrl(below = 0): string | null {
  if (typeof getCurrentPages !== 'function') return null
  const pages = getCurrentPages()
  const page = pages[pages.length - 1 - below] as StackPage | undefined
  if (!page?.route) return null
  const query = Object.entries(page.options ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
  return `/${page.route}${query ? `?${query}` : ''}`
}

/** The URL of the page on top of the stack, or null before any page exists. */
export function currentPageUrl(): string | null {
  return pageUrl(0)
}

/** How many pages are open (WeChat allows 10). */
export function stackDepth(): number {
  return typeof getCurrentPages === 'function' ? getCurrentPages().length : 0
}
