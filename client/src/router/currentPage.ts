/** The URL of the page on top of the stack ("/pages/x/y?a=1"), or null before any page exists. */
export function currentPageUrl(): string | null {
  if (typeof getCurrentPages !== 'function') return null
  const pages = getCurrentPages()
  const page = pages[pages.length - 1] as (Page.PageInstance & { options?: Record<string, string> }) | undefined
  if (!page?.route) return null
  const query = Object.entries(page.options ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
  return `/${page.route}${query ? `?${query}` : ''}`
}
