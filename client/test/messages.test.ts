import { describe, expect, it } from 'vitest'
import { ERROR_TOASTS, PHONE_OUTCOME_TOASTS, TOAST_MAX_CHARS, TOASTS, userMessageFor, VERIFY_TOASTS } from '@/content/messages'

// WeChat's toast (icon "none") fits about 14 Chinese characters on a line; longer ones wrap mid-word.
describe('the message catalogue', () => {
  const toasts = [...Object.values(ERROR_TOASTS), ...Object.values(PHONE_OUTCOME_TOASTS), ...Object.values(TOASTS), ...Object.values(VERIFY_TOASTS), userMessageFor('RATE_LIMITED', 120)]

  it.each(toasts)('toast "%s" fits on one line', (text) => {
    expect([...text].length).toBeLessThanOrEqual(TOAST_MAX_CHARS)
  })

  it('toasts with a success icon (登录成功, 手机号已更换, 已是当前手机号, 已下线, 账号已注销) fit its 7 characters', () => {
    for (const text of [TOASTS.loginSuccess, TOASTS.phoneChanged, TOASTS.phoneUnchanged, TOASTS.deviceRevoked, TOASTS.accountDeleted]) expect([...text].length).toBeLessThanOrEqual(7)
  })

  it('says how long to wait when the BFF gave Retry-After', () => {
    expect(userMessageFor('RATE_LIMITED', 29.2)).toBe('操作太频繁，请30秒后再试')
  })
})
