import { expect, vi } from 'vitest'
import type { createHost } from './mpHost'
import { waitFor } from './waitFor'

/** A compiled Douyin or Alipay mini program running on its stand-in runtime (mpHost.ts). */
type HostedApp = ReturnType<typeof createHost>

export const PHONE_BUTTON = 'phone-login-btn'

export const onPage = (app: HostedApp, route: string): boolean => app.stack().at(-1) === route

/**
 * Home → 我的 (a guest is sent to log in) → the agreement ticked. The phone button has no open-type (opens no
 * platform sheet) until the agreement is ticked, then `openType` (Douyin getPhoneNumber, Alipay getAuthorize).
 */
export async function reachPhoneButton(app: HostedApp, openType: string): Promise<void> {
  await waitFor('the home page', () => onPage(app, 'pages/home/home') && app.find('home-profile-entry'))
  app.fire('home-profile-entry', 'tap')
  await waitFor('the login page with its phone button', () => onPage(app, 'pages/login/login') && app.find(PHONE_BUTTON))
  expect(app.find(PHONE_BUTTON)!.attrs['open-type']).toBeFalsy()
  app.fire('agreement-checkbox', 'tap')
  await waitFor('the agreement to be ticked', () => app.find(PHONE_BUTTON)!.attrs['open-type'] === openType)
}

/** Any compiled mini program (WeChat's too) reports its own failures (Vue errors, rejected hooks) through console.error: watch it per test… */
export function watchAppErrors(): void {
  vi.spyOn(console, 'error')
}

/** …and fail the test on any (call after closing the test's apps). */
export function expectNoAppErrors(): void {
  const errors = vi.mocked(console.error).mock.calls
  vi.restoreAllMocks()
  expect(errors).toEqual([])
}
