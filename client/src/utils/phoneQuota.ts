import { messageForUser } from '@/api/apiError'
import { confirm } from './confirm'
import { toast } from './phoneOutcomeMessage'

export const QUOTA_TITLE = '手机号快捷登录暂不可用'
export const QUOTA_CONTENT = '本小程序的手机号验证次数已达上限。已关联微信的账号可以直接微信登录，也可以稍后再试。'
export const NOT_LINKED_MESSAGE = '当前微信未关联账号，请稍后再试'

/**
 * errno 1400001 on the login page: WeChat will hand out no phone code until the operator's quota is
 * topped up, so tapping again cannot help, and nothing is retried. wx-login costs nothing and needs
 * no phone code, so a user whose WeChat is linked (e.g. after logging out) can still sign in;
 * anyone else is told to come back later. Resolves true when the user is signed in.
 */
export async function offerWechatLogin(wechatLogin: () => Promise<boolean>): Promise<boolean> {
  const chosen = await confirm({ title: QUOTA_TITLE, content: QUOTA_CONTENT, confirmText: '微信登录', cancelText: '稍后再试' })
  if (!chosen) return false
  try {
    if (await wechatLogin()) return true
    toast(NOT_LINKED_MESSAGE)
  } catch (error) {
    toast(messageForUser(error))
  }
  return false
}
