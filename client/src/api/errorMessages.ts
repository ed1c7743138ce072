import type { ApiErrorCode } from './apiError'

// Record<> over every code: a code added to the contract fails the typecheck until it has a message.
const MESSAGES: Record<ApiErrorCode, string> = {
  VALIDATION_FAILED: '请求有误，请重试',
  PHONE_CODE_INVALID: '手机号授权已过期，请重新点击登录',
  LOGIN_CODE_INVALID: '微信登录凭证已失效，请重试',
  LOGIN_BLOCKED: '该微信账号暂时无法登录，请联系微信客服',
  // Expired or ended elsewhere (下线 on another device, 注销): the client cannot tell which, so one word fits both.
  UNAUTHORIZED: '登录已失效，请重新登录',
  REFRESH_TOKEN_INVALID: '登录已失效，请重新登录',
  PHONE_TAKEN: '该手机号已绑定其他账号',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  WECHAT_UNAVAILABLE: '微信服务繁忙，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  WECHAT_MISCONFIGURED: '登录服务暂不可用，请联系客服',
  NOT_FOUND: '该设备已下线',
  PHONE_MISMATCH: '手机号与当前账号不一致',
  NETWORK_ERROR: '网络连接失败，请检查网络后重试',
  BAD_RESPONSE: '服务器开小差了，请稍后再试',
}

export function userMessageFor(code: ApiErrorCode, retryAfterSeconds?: number): string {
  if (code === 'RATE_LIMITED' && retryAfterSeconds && retryAfterSeconds > 0) {
    return `操作太频繁，请 ${Math.ceil(retryAfterSeconds)} 秒后再试`
  }
  return MESSAGES[code]
}
