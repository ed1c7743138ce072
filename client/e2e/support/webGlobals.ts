/** What the mini programs' JS runtimes lack; the compiled app must not lean on Node's or jsdom's. */
export const WEB_ONLY_GLOBALS = ['fetch', 'Headers', 'Request', 'Response', 'AbortController', 'FormData', 'URLSearchParams'] as const

/** For beforeAll: deletes them, and returns the hook that puts them back. */
export function withoutWebGlobals(): () => void {
  const saved = WEB_ONLY_GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const)
  for (const name of WEB_ONLY_GLOBALS) delete (globalThis as Record<string, unknown>)[name]
  return () => {
    for (const [name, descriptor] of saved) if (descriptor) Object.defineProperty(globalThis, name, descriptor)
  }
}
