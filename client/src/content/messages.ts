import type { ApiErrorCode } from '@/api/apiError'
import type { PhoneNumberFailure } from '@/components/PhoneLoginButton/phoneNumberOutcome'
import { PLATFORM } from '@/platform/platform'

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
  // Expired or ended elsewhere (下线 on another device, 注销): the client cannot tell which, so one word fits both.
  UNAUTHORIZED: '登录已失效，请重新登录',
  REFRESH_TOKEN_INVALID: '登录已失效，请重新登录',
  PHONE_TAKEN: '该手机号已绑定其他账号',
  PHONE_MISMATCH: '手机号与当前账号不符',
  // Changing the number needs this account's own WeChat user; an account never linked on this app signs in again first.
  REAUTH_REQUIRED: '请用本人微信重新登录后再试',
  NOT_FOUND: '内容不存在或已失效',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  WECHAT_UNAVAILABLE: '微信服务繁忙，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂不可用，请稍后再试',
  WECHAT_MISCONFIGURED: '登录服务暂不可用',
  PLATFORM_UNAVAILABLE: '平台服务繁忙，请稍后再试',
  PLATFORM_MISCONFIGURED: '登录服务暂不可用',
  NETWORK_ERROR: '网络不给力，请稍后再试',
  BAD_RESPONSE: '服务开小差了，请稍后再试',
}

/** The phone-number button ended without a code. */
export const PHONE_OUTCOME_TOASTS = {
  deny: '你已取消手机号授权',
  quota: '快捷登录暂不可用，请稍后再试',
  privacy: '需同意隐私保护指引才能登录',
  oldWechat: '微信版本过低，请升级后重试',
  oldDouyin: '抖音版本过低，请升级后重试',
  error: '获取手机号失败，请重试',
} as const

/** Toasts for things that went well, or for the app's own checks. */
export const TOASTS = {
  loginSuccess: '登录成功',
  phoneChanged: '手机号已更换',
  phoneUnchanged: '已是当前手机号',
  phoneBound: '手机号已绑定',
  sessionExpired: '登录已失效，请重新登录',
  privacyContractFailed: '隐私指引打开失败',
  perkClaimed: '领取成功',
  deviceRevoked: '已下线',
  accountDeleted: '账号已注销',
  /** 微信登录 (offered on errno 1400001) found no account for this WeChat user. */
  wechatNotLinked: '微信未关联账号，请稍后再试',
} as const

/** 注销账号: proving the number ended without a deletion. */
export const VERIFY_TOASTS = {
  deny: '已取消验证，账号未注销',
  quota: '验证暂不可用，请稍后再试',
  privacy: '需同意隐私保护指引才能验证',
  // The login wording ("请重新登录") does not fit a signed-in user proving their number.
  codeExpired: '验证已过期，请重新验证',
} as const

/** Longer explanations, shown with uni.showModal. */
export const MODALS = {
  oldWechat: { title: '微信版本过低', content: '当前微信版本过低，无法使用手机号快捷登录，请升级微信后重试。' },
  /** errno 1400001 on the login page; its buttons are 微信登录 / 稍后再试 (utils/phoneQuota.ts). */
  quotaUsedUp: {
    title: '手机号快捷登录暂不可用',
    content: '本小程序的手机号验证次数已达上限。已关联微信的账号可以直接微信登录，也可以稍后再试。',
  },
  revokeOne: { title: '下线该设备？', content: '下线后，该设备需要重新验证手机号才能登录。', confirmText: '下线' },
  revokeOthers: { title: '下线其他所有设备？', content: '除本机外，其他设备都将退出登录，需要重新验证手机号才能登录。', confirmText: '全部下线' },
  deleteAccount: { title: '确认注销账号？', content: '注销后账号将被永久删除，无法恢复。下一步需验证本账号的手机号。', confirmText: '继续' },
  /** The same, for an account without a number: the current WeChat user is the proof. */
  deleteAccountNoPhone: { title: '确认注销账号？', content: '注销后账号将被永久删除，无法恢复。下一步将通过当前微信确认是你本人。', confirmText: '继续' },
} as const

export function userMessageFor(code: ApiErrorCode, retryAfterSeconds?: number): string {
  // With Retry-After the user is told how long to wait.
  if (code === 'RATE_LIMITED' && retryAfterSeconds && retryAfterSeconds > 0) return `操作太频繁，请${Math.ceil(retryAfterSeconds)}秒后再试`
  return ERROR_TOASTS[code]
}

/** The toast for a phone-number button outcome that produced no code. */
export function phoneOutcomeMessage(outcome: PhoneNumberFailure): string {
  switch (outcome.kind) {
    case 'deny': return PHONE_OUTCOME_TOASTS.deny
    case 'quota': return PHONE_OUTCOME_TOASTS.quota
    case 'privacy': return PHONE_OUTCOME_TOASTS.privacy
    // Only WeChat (before 2.21.2) and Douyin (before 3.51.0) say ok without a code.
    case 'error': return outcome.noCode ? (PLATFORM === 'douyin' ? PHONE_OUTCOME_TOASTS.oldDouyin : PHONE_OUTCOME_TOASTS.oldWechat) : PHONE_OUTCOME_TOASTS.error
  }
}

/** 注销账号's phone button gave no code. */
export function verifyOutcomeMessage(outcome: PhoneNumberFailure): string {
  switch (outcome.kind) {
    case 'deny': return VERIFY_TOASTS.deny
    case 'quota': return VERIFY_TOASTS.quota
    case 'privacy': return VERIFY_TOASTS.privacy
    case 'error': return phoneOutcomeMessage(outcome)
  }
}

export function toast(title: string): void {
  uni.showToast({ title, icon: 'none', duration: 2500 })
}

export function modal(message: { title: string; content: string }): void {
  uni.showModal({ ...message, showCancel: false, confirmText: '知道了' })
}
