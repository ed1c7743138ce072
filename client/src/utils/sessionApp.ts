import type { SessionInfo } from 'shared'
import { APP_ID } from '@/platform/platform'

const PLATFORM_NAMES: Record<string, string> = { weixin: '微信小程序', douyin: '抖音小程序', alipay: '支付宝小程序' }

/**
 * Which mini program a session is in, for 登录设备: the platform's name and the appid, with 本应用 for
 * this build's own app.  '' when the BFF does not know (a session from before apps, with no app).
 */
export function sessionAppLabel(session: Pick<SessionInfo, 'platform' | 'app'>, ownApp: string | undefined = APP_ID): string {
  const platform = session.app ? PLATFORM_NAMES[session.platform] ?? session.platform : ''
  const app = session.app ? (ownApp && session.app === ownApp ? '本应用' : session.app) : ''
  return [platform, app].filter(Boolean).join(' · ')
}
