import { Writable } from 'node:stream'

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' }
// Fields every line has, or that the short form already shows.
const SHOWN = new Set(['level', 'time', 'msg', 'reqId', 'method', 'path', 'status', 'ms', 'err'])

/**
 * One JSON log line as a person reads it in dev mode: `12:04:05 INFO  POST /api/auth/phone-login 200 14ms`
 * for a request, `12:04:05 INFO  phone login userId=… phone=138****8000` for the rest, an error's stack
 * below its line. Production keeps the JSON (a log collector reads it).
 */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>
  try {
    entry = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : ''
  const level = LEVELS[entry.level as number] ?? String(entry.level)
  const head = entry.msg === 'request'
    ? `${entry.method} ${entry.path} ${entry.status} ${entry.ms}ms`
    : String(entry.msg ?? '')
  const rest = Object.entries(entry)
    .filter(([key]) => !SHOWN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
  const err = entry.err as { message?: string; stack?: string } | undefined
  const stack = err ? `\n    ${(err.stack ?? err.message ?? '').split('\n').join('\n    ')}` : ''
  return `${time} ${level} ${[head, ...rest].join(' ')}${stack}`
}

/** A stream for pino that writes each line prettified to `out` (stdout). */
export function prettyStream(out: NodeJS.WritableStream = process.stdout): Writable {
  let rest = ''
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = (rest + chunk.toString('utf8')).split('\n')
      rest = lines.pop() ?? ''
      for (const line of lines) if (line !== '') out.write(`${prettyLine(line)}\n`)
      done()
    },
  })
}
