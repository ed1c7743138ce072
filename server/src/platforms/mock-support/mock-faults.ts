/** Faults every mock platform can inject, besides its own error answers. */
export type TransportFault = 'timeout' | 'garbage' | 'empty' | 'http500'

export const HTML_ERROR_PAGE = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>'

/** Queued faults per endpoint, consumed one per call (WeChat, Douyin and Alipay alike). */
export function createFaultQueue<E extends string, F>() {
  let queue: { endpoint: E; fault: F; left: number }[] = []

  function add(endpoint: E, fault: F, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`times must be a positive integer, got ${times}`)
    queue.push({ endpoint, fault, left: times })
  }

  function take(endpoint: E): F | undefined {
    const entry = queue.find((e) => e.endpoint === endpoint)
    if (!entry) return undefined
    entry.left -= 1
    if (entry.left === 0) queue = queue.filter((e) => e !== entry)
    return entry.fault
  }

  return { add, take, reset: () => { queue = [] } }
}

/** Requests held open by the 'timeout' fault; released on close/reset so servers can shut down. */
export function createHangs() {
  const waiting = new Set<() => void>()

  function hang(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const release = (): void => {
        clearTimeout(timer)
        waiting.delete(release)
        resolve()
      }
      const timer = setTimeout(release, maxMs)
      timer.unref()
      waiting.add(release)
    })
  }

  return { hang, releaseAll: () => { for (const release of [...waiting]) release() } }
}
