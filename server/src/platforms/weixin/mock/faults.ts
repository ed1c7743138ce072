/** The four WeChat endpoints the mock serves. */
export const MOCK_ENDPOINTS = ['token', 'stable_token', 'jscode2session', 'getuserphonenumber'] as const
export type MockEndpoint = (typeof MOCK_ENDPOINTS)[number]

/**
 * What the next call to an endpoint gets instead of a normal answer:
 * - a number: that errcode, as WeChat sends it (HTTP 200, `{errcode, errmsg}`);
 * - a numeric string such as '40029': the same with errcode as a string, as some WeChat answers have it;
 * - 'timeout': no answer until the mock is closed or reset (or `hangMs` passes), longer than any client timeout;
 * - 'garbage': HTTP 200 with an HTML page labelled application/json;
 * - 'empty': HTTP 200 with `{}` (valid JSON, every field missing);
 * - 'http500': HTTP 500 with an HTML page.
 */
export type Fault = number | `${number}` | 'timeout' | 'garbage' | 'empty' | 'http500'

export function isMockEndpoint(value: unknown): value is MockEndpoint {
  return typeof value === 'string' && (MOCK_ENDPOINTS as readonly string[]).includes(value)
}

export function isFault(value: unknown): value is Fault {
  return (typeof value === 'number' && Number.isInteger(value))
    || (typeof value === 'string' && /^-?\d+$/.test(value))
    || value === 'timeout' || value === 'garbage' || value === 'empty' || value === 'http500'
}

/** Queued faults per endpoint, consumed one per call. */
export function createFaults() {
  let queue: { endpoint: MockEndpoint; fault: Fault; left: number }[] = []

  function add(endpoint: MockEndpoint, fault: Fault, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`times must be a positive integer, got ${times}`)
    queue.push({ endpoint, fault, left: times })
  }

  function take(endpoint: MockEndpoint): Fault | undefined {
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
