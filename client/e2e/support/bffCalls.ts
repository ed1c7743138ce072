import { ROUTES } from 'shared'
import { httpText } from './httpText'

// Direct calls to the BFF that arrange a test (minting codes as WeChat would), bypassing the app under test.

export async function postJson<T>(bffUrl: string, route: string, body: unknown): Promise<{ status: number; body: T }> {
  const { status, text } = await httpText(`${bffUrl}${route}`, { method: 'POST', header: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).result
  return { status, body: (text ? JSON.parse(text) : undefined) as T }
}

async function mint(bffUrl: string, route: string, body: unknown): Promise<string> {
  const { status, body: answer } = await postJson<{ code: string }>(bffUrl, route, body)
  if (status !== 200 || typeof answer?.code !== 'string') throw new Error(`${route}: ${status} ${JSON.stringify(answer)}`)
  return answer.code
}

/** A phone code, as the WeChat client hands one to the phone-number button. */
export const mintPhoneCode = (bffUrl: string, phone: string) => mint(bffUrl, ROUTES.devPhoneCode, { phone })

/** A login code, as `wx.login` returns one for this WeChat user. */
export const mintLoginCode = (bffUrl: string, openid: string) => mint(bffUrl, ROUTES.devLoginCode, { openid })

/** How the BFF shows a phone number: 13800138000 → 138****8000. */
export function masked(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`
}
