import type { ApiErrorCode } from '@/api/apiError'
import type { PhoneNumberOutcome } from '@/components/phoneNumberOutcome'

/**
 * Every message the app shows the user (toasts and modals), in one place. Toast texts stay within
 * TOAST_MAX_CHARS so WeChat's toast never wraps them mid-word; anything longer is a modal.
 * A test (test/messages.test.ts) holds every toast to that length.
 */
export const TOAST_MAX_CHARS = 14

// Record<> over every code: a code added to the contract fails the typecheck until it has a message.
export const ERROR_TOASTS: Record<ApiErrorCode, string> = {
  VALIDATION_FAILED: '请求有误，请重试',
  PHONE_CODE_INVALID: '授权已过期，请重新登录',
  LOGIN_CODE_INVALID: '微信登录失效，请重试',
  LOGIN_BLOCKED: '该微信号暂时无法登录',
  UNAUTHORIZED: '登录已过期，请重新登录',
  REFRESH_TOKEN_INVALID: '登录已过期，请重新登录',
  PHONE_TAKEN: '该手机号已绑定其他账号',
  PHONE_MISMATCH: '手机号与当前账号不符',
  NOT_FOUND: '内容不存在或已失效',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  WECHAT_UNAVAILABLE: '微信服务繁忙，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂不可用，请稍后再试',
  WECHAT_MISCONFIGURED: '登录服务暂不可用',
  NETWORK_ERROR: '网络不给力，请稍后再试',
  BAD_RESPONSE: '服务开小差了，请稍后再试',
}

/** The phone-number button ended without a code. */
export const PHONE_OUTCOME_TOASTS = {
  deny: '你已取消手机号授权',
  quota: '快捷登录暂不可用，请稍后再试',
  privacy: '需同意隐私保护指引才能登录',
  oldWechat: '微信版本过低，请升级后重试',
  error: '获取手机号失败，请重试',
} as const

/** Toasts for things that went well, or for the app's own checks. */
export const TOASTS = {
  loginSuccess: '登录成功',
  phoneChanged: '手机号已更换',
  phoneUnchanged: '已是当前手机号',
  sessionExpired: '登录已过期，请重新登录',
  privacyContractFailed: '隐私指引打开失败',
  perkClaimed: '领取成功',
} as const

/** Longer explanations, shown with uni.showModal. */
export const MODALS = {
  oldWechat: { title: '微信版本过低', content: '当前微信版本过低，无法使用手机号快捷登录，请升级微信后重试。' },
} as const

export function userMessageFor(code: ApiErrorCode, retryAfterSeconds?: number): string {
  // With Retry-After the user is told how long to wait.
  if (code === 'RATE_LIMITED' && retryAfterSeconds && retryAfterSeconds > 0) return `操作太频繁，请${Math.ceil(retryAfterSeconds)}秒后再试`
  return ERROR_TOASTS[code]
}

/** The toast for a phone-number button outcome that produced no code. */
export function phoneOutcomeMessage(outcome: Exclude<PhoneNumberOutcome, { kind: 'code' }>): string {
  switch (outcome.kind) {
    case 'deny': return PHONE_OUTCOME_TOASTS.deny
    case 'quota': return PHONE_OUTCOME_TOASTS.quota
    case 'privacy': return PHONE_OUTCOME_TOASTS.privacy
    case 'error': return outcome.noCode ? PHONE_OUTCOME_TOASTS.oldWechat : PHONE_OUTCOME_TOASTS.error
  }
}

export function toast(title: string): void {
  uni.showToast({ title, icon: 'none', duration: 2500 })
}

export function modal(message: { title: string; content: string }): void {
  uni.showModal({ ...message, showCancel: false, confirmText: '知道了' })
}
