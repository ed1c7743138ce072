/**
 * The one-level-down part of log redaction (`*.token`, `*.headers.authorization`), as a pino `formatters.log`.
 * pino's own wildcard paths cost 11 µs per log line with our 17 keys, ten times the rest of the line, on every
 * line although almost none carries a nested object (`pnpm bench --profile`); this looks at each top-level
 * value once and copies only an object that holds a secret. Top-level keys stay with pino's (cheap) redact.
 */
export function censorNested(keys: readonly string[], censor: string): (fields: Record<string, unknown>) => Record<string, unknown> {
  const secret = new Set(keys)
  const headerSecret = new Set(['authorization', 'cookie'])

  return (fields) => {
    let out = fields
    for (const key in fields) {
      const value = fields[key]
      if (value === null || typeof value !== 'object') continue
      const censored = censorObject(value as Record<string, unknown>)
      if (censored === value) continue
      if (out === fields) out = { ...fields }
      out[key] = censored
    }
    return out
  }

  /** `value` itself when it holds no secret; otherwise a copy (same prototype, so an Error still logs as one). */
  function censorObject(value: Record<string, unknown>): Record<string, unknown> {
    let copy: Record<string, unknown> | undefined
    for (const key of Object.keys(value)) {
      if (secret.has(key)) {
        copy ??= cloneOf(value)
        copy[key] = censor
      } else if (key === 'headers') {
        const headers = value.headers
        if (headers === null || typeof headers !== 'object') continue
        let headersCopy: Record<string, unknown> | undefined
        for (const name of Object.keys(headers)) {
          if (!headerSecret.has(name)) continue
          headersCopy ??= cloneOf(headers as Record<string, unknown>)
          headersCopy[name] = censor
        }
        if (headersCopy) {
          copy ??= cloneOf(value)
          copy.headers = headersCopy
        }
      }
    }
    return copy ?? value
  }
}

function cloneOf<T extends object>(value: T): T {
  return Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value)) as T
}
