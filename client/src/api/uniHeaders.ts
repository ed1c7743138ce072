type HeadersInit = UniHeaders | Record<string, string> | Iterable<readonly [string, string]>

/**
 * The part of the Fetch `Headers` class that ofetch uses. The mini program has no `Headers`;
 * names are case-insensitive, as in Fetch.
 */
export class UniHeaders {
  private readonly map = new Map<string, string>()

  constructor(init?: HeadersInit | null) {
    if (!init) return
    const entries = Symbol.iterator in init
      ? (init as Iterable<readonly [string, string]>)
      : Object.entries(init as Record<string, string>)
    for (const [name, value] of entries) this.set(name, value)
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), String(value))
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase())
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase())
  }

  forEach(callback: (value: string, name: string) => void): void {
    this.map.forEach((value, name) => callback(value, name))
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries()
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries()
  }

  /** The plain object `uni.request` takes as `header`. */
  toObject(): Record<string, string> {
    return Object.fromEntries(this.map)
  }
}
