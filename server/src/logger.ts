import { destination, type DestinationStream, type Logger, pino } from 'pino'
import { censorNested } from './log-redaction'

export type { Logger }

/**
 * Keys whose values are secrets or personal data. Our own code never logs them (phones are logged masked
 * under `phone`); this is the safety net for a log call that slips one in, ours or a library's.
 */
const SECRET_KEYS = [
  'authorization', 'cookie', 'secret', 'appsecret', 'signingKeys', 'privateKey', 'token', 'accessToken', 'refreshToken',
  'access_token', 'session_key', 'sessionKey', 'loginCode', 'phoneCode', 'js_code',
  'phoneNumber', 'purePhoneNumber', 'password',
]
// `code` only at the top level: one level down it is an error's code (SQLITE_BUSY), which operators need.
const REDACT_PATHS = [...SECRET_KEYS, 'code']
const CENSOR = '[redacted]'
// One level down (and headers two levels down): see log-redaction.ts for why not pino's `*.key` paths.
const censorOneLevelDown = censorNested(SECRET_KEYS, CENSOR)

/**
 * JSON logs, one line each (`time` in ms since the epoch: pino's default, cheaper than formatting a date), on stdout (or the given stream: tests capture it, dev mode prettifies it).
 * stdout is written asynchronously through a buffer: a request never waits for the terminal or the log
 * collector. Lines written for a request carry its `reqId`, passed explicitly by whoever logs them.
 */
export function createLogger(options: { level?: string; stream?: DestinationStream } = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    base: undefined,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    formatters: { log: censorOneLevelDown },
  }, options.stream ?? destination({ dest: 1, sync: false }))
}
