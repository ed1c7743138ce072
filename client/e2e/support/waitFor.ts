/** Polls `check` until it returns something truthy (returned), or fails with `what` and the last error. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 25 } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
