import { ROUTES } from 'shared'
import type { Session } from 'shared'

// Minting codes and other direct calls to the BFF: ../e2e/support/bffCalls.ts (shared with the e2e suite).

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
