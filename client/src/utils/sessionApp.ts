import type { SessionInfo } from 'shared'
import { APP_ID } from '@/platform/platform'

/** SessionInfo gains `platform` and `app` with the BFF's apps work (contract "Apps and platforms"); optional until then. */
export type SessionWithApp = SessionInfo & { platform?: string; app?: string }

const PLATFORM_NAMES: Record<string, string> = { weixin: '微信小程序', douyin: '抖音小程序', alipay: '支付宝小程序' }

/**
 * Which mini program a session is in, for 登录设备: the platform's name and the appid, with 本应用 for
 * this build's own app. '' when the BFF does not say (an older BFF).
 */
export function sessionAppLabel(session: SessionWithApp, ownApp: string | undefined = APP_ID): string {
  const platform = session.platform ? PLATFORM_NAMES[session.platform] ?? session.platform : ''
  const app = session.app ? (ownApp && session.app === ownApp ? '本应用' : session.app) : ''
  return [platform, app].filter(Boolean).join(' · ')
}
