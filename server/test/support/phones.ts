let next = 0

/** A Chinese mobile number no other test in this process has used (files run in separate workers: the prefix differs). */
export function newPhone(prefix = '139'): string {
  next += 1
  return `${prefix}${String(process.pid % 1000).padStart(3, '0')}${String(next).padStart(5, '0')}`
}
