import type { ApiErrorCode } from '@/api/apiError'
import { isApiError, messageForUser } from '@/api/apiError'
import type { PhoneNumberOutcome } from '@/components/phoneNumberOutcome'
import { phoneOutcomeMessage } from './phoneOutcomeMessage'

// 登录设备 and 注销账号: what the user reads. Toasts stay within 14 characters where WeChat shows an icon.

export const REVOKE_ONE = { title: '下线该设备？', content: '下线后，该设备需要重新验证手机号才能登录。', confirmText: '下线' }
export const REVOKE_OTHERS = { title: '下线其他所有设备？', content: '除本机外，其他设备都将退出登录，需要重新验证手机号才能登录。', confirmText: '全部下线' }
export const REVOKED_TOAST = '已下线'

export const DELETE_CONFIRM = {
  title: '确认注销账号？',
  content: '注销后账号将被永久删除，无法恢复。下一步需验证本账号的手机号。',
  confirmText: '继续',
}
export const DELETED_TOAST = '账号已注销'

/** The phone button on 注销账号 gave no code. */
export function deleteOutcomeMessage(outcome: Exclude<PhoneNumberOutcome, { kind: 'code' }>): string {
  switch (outcome.kind) {
    case 'deny': return '你已取消验证，账号未注销'
    case 'quota': return '手机号验证暂不可用，请稍后再试'
    case 'privacy': return '需同意《小程序隐私保护指引》后才能验证手机号'
    case 'error': return phoneOutcomeMessage(outcome)
  }
}

// Where the login wording ("请重新点击登录") does not fit a signed-in user proving their number.
const DELETE_ERRORS: Partial<Record<ApiErrorCode, string>> = {
  PHONE_CODE_INVALID: '手机号验证已过期，请重新验证',
}

/** POST /api/me/delete failed: PHONE_MISMATCH reads 手机号与当前账号不一致, the rest as everywhere. */
export function deleteErrorMessage(error: unknown): string {
  return (isApiError(error) && DELETE_ERRORS[error.code]) || messageForUser(error)
}
