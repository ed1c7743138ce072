/**
 * What a tap on a phone-number button ended in. WeChat puts the result in `e.detail` =
 * `{ code?, errMsg, errno? }`; Skyline and some iOS builds put it on `e` itself.
 */
export type PhoneNumberOutcome =
  /** A single-use phone code (5 minutes) for the BFF. */
  | { kind: 'code'; code: string }
  /** The user closed the sheet or tapped 拒绝. */
  | { kind: 'deny'; errMsg: string }
  /** errno 1400001: this mini program has used up its phone-number quota. */
  | { kind: 'quota'; errno: number; errMsg: string }
  /** errno 104 / 112: the privacy guide was not agreed, or does not declare the phone number. */
  | { kind: 'privacy'; errno: number | null; errMsg: string }
  /** Anything else; `noCode` when WeChat said ok but gave no code (base library older than 2.21.2). */
  | { kind: 'error'; errno: number | null; errMsg: string; noCode: boolean }

/** Every outcome but a code: what the button's one `fail` event carries. */
export type PhoneNumberFailure = Exclude<PhoneNumberOutcome, { kind: 'code' }>

export const ERRNO_QUOTA = 1400001
export const ERRNO_PRIVACY = [104, 112] as const

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? value as Record<string, unknown> : null
}

function toErrno(value: unknown): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n !== 0 ? n : null
}

export function readPhoneNumberEvent(event: unknown): PhoneNumberOutcome {
  const e = record(event) ?? {}
  const detail = record(e.detail) ?? {}
  const pick = (key: string): unknown => detail[key] ?? e[key]

  const rawCode = pick('code')
  const code = typeof rawCode === 'string' ? rawCode.trim() : ''
  const errMsg = typeof pick('errMsg') === 'string' ? pick('errMsg') as string : ''
  const errno = toErrno(pick('errno'))
  const failed = errno !== null || /:\s*fail/i.test(errMsg)

  if (!failed && code) return { kind: 'code', code }
  if (errno === ERRNO_QUOTA) return { kind: 'quota', errno, errMsg }
  if ((errno !== null && (ERRNO_PRIVACY as readonly number[]).includes(errno)) || /privacy|scope is not declared/i.test(errMsg)) {
    return { kind: 'privacy', errno, errMsg }
  }
  if (/deny|cancel/i.test(errMsg)) return { kind: 'deny', errMsg }
  return { kind: 'error', errno, errMsg, noCode: !failed }
}
