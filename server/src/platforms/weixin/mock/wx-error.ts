import { randomBytes } from 'node:crypto'

/** The errmsg texts WeChat answers with (as quoted in SDK issue logs), so logs from the mock look like real ones. */
const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001:
    'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40164: 'invalid ip, not in whitelist',
  40226: 'code blocked',
  40243: 'AppSecret is frozen',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  42001: 'access_token expired',
  43002: 'require POST method',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  48001: 'api unauthorized',
  50002: 'user limited',
}

export interface WxErrorBody {
  errcode: number
  errmsg: string
}

/** A request id in WeChat's current format: `xxxxxxxx-xxxxxxxx-xxxxxxxx`. */
function rid(): string {
  const hex = randomBytes(12).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 24)}`
}

/** An error body as WeChat sends it (always with HTTP 200). */
export function wxError(errcode: number): WxErrorBody {
  return { errcode, errmsg: `${ERRMSG[errcode] ?? 'error'} rid: ${rid()}` }
}
