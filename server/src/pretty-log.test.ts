import { describe, expect, it } from 'vitest'
import { prettyLine } from './pretty-log'

describe('dev-mode log lines', () => {
  const time = Date.UTC(2026, 11, 2, 4, 5, 6)

  it('prints a request as one short line', () => {
    const line = prettyLine(JSON.stringify({ level: 30, time, reqId: 'abc', method: 'POST', path: '/api/auth/phone-login', status: 200, ms: 14, msg: 'request' }))
    expect(line).toMatch(/^\d\d:\d\d:\d\d INFO {2}POST \/api\/auth\/phone-login 200 14ms$/)
    expect(line.length).toBeLessThan(60)
  })

  it('prints other lines with their fields, and an error with its stack below', () => {
    expect(prettyLine(JSON.stringify({ level: 30, time, reqId: 'r', userId: 'u1', phone: '138****8000', linked: true, msg: 'phone login' })))
      .toMatch(/ INFO {2}phone login userId=u1 phone=138\*\*\*\*8000 linked=true$/)
    const error = prettyLine(JSON.stringify({ level: 60, time, err: { message: 'listen EADDRINUSE', stack: 'Error: listen EADDRINUSE\n    at x' }, msg: 'could not start' }))
    expect(error.split('\n')).toEqual([expect.stringMatching(/ FATAL could not start$/), '    Error: listen EADDRINUSE', '        at x'])
  })

  it('passes a line that is not JSON through as it is', () => {
    expect(prettyLine('plain text')).toBe('plain text')
  })
})
