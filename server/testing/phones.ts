import { threadId } from 'node:worker_threads'

// Each test process (vitest runs files in separate workers, pid apart) counts from its own block of 10,000
// numbers, so two files on one BFF or one database never pick the same number; a long run (the bench) goes
// on into the next blocks, and the 8 digits after the prefix wrap instead of growing.
const BLOCK = 10_000
let next = ((process.pid + threadId) % 10_000) * BLOCK

/** A valid Chinese mobile number (prefix + 8 digits) that no earlier call in this process returned. */
export function newPhone(prefix = '139'): string {
  next = (next + 1) % 100_000_000
  return `${prefix}${String(next).padStart(8, '0')}`
}
