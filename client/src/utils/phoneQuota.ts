import { messageForUser } from '@/api/apiError'
import { MODALS, toast, TOASTS } from '@/content/messages'
import { confirm } from './confirm'

/**
 * errno 1400001 on the login page: WeChat will hand out no phone code until the operator's quota is
 * topped up, so tapping again cannot help, and nothing is retried. wx-login costs nothing and needs
 * no phone code, so a user whose WeChat is linked (e.g. after logging out) can still sign in;
 * anyone else is told to come back later. Resolves true when the user is signed in.
 */
export async function offerWechatLogin(wechatLogin: () => Promise<boolean>): Promise<boolean> {
  const chosen = await confirm({ ...MODALS.quotaUsedUp, confirmText: '微信登录', cancelText: '稍后再试' })
  if (!chosen) return false
  try {
    if (await wechatLogin()) return true
    toast(TOASTS.wechatNotLinked)
  } catch (error) {
    toast(messageForUser(error))
  }
  return false
}
