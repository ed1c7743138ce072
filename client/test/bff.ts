import { ROUTES } from 'shared'
import type { Session } from 'shared'

// Direct calls to the BFF for test arrangements (minting codes, checking tokens), bypassing the client under test.

export async function post<T>(bffUrl: string, path: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${bffUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T }
}

let next = Math.floor(Math.random() * 9e7)
/** A new, valid Chinese mobile number per call. */
export function freshPhone(): string {
  next = (next + 1) % 1e8
  return `139${String(next).padStart(8, '0')}`
}

export async function mintPhoneCode(bffUrl: string, phone: string): Promise<string> {
  const { status, body } = await post<{ code: string }>(bffUrl, ROUTES.devPhoneCode, { phone })
  if (status !== 200) throw new Error(`phone-code: ${status} ${JSON.stringify(body)}`)
  return body.code
}

/** Waits until the BFF refuses this access token (it has expired). */
export async function waitUntilRejected(bffUrl: string, session: Session, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const response = await fetch(`${bffUrl}${ROUTES.me}`, { headers: { authorization: `Bearer ${session.accessToken}` } })
    await response.text()
    if (response.status === 401) return
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error('the access token did not expire in time')
}
