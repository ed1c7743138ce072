import type { SessionInfo } from 'shared'

type Device = SessionInfo['device']

// uni.getSystemInfoSync().platform values; anything else is shown as sent.
const PLATFORMS: Record<string, string> = {
  ios: 'iOS',
  android: 'Android',
  ohos: 'HarmonyOS',
  harmony: 'HarmonyOS',
  windows: 'Windows',
  mac: 'Mac',
  devtools: '微信开发者工具',
}

export function platformLabel(platform: string): string {
  return PLATFORMS[platform.toLowerCase()] ?? platform
}

/** The device's headline on 登录设备: its model, else its platform, else 未知设备. */
export function deviceName(device: Device): string {
  return device.model || platformLabel(device.platform) || '未知设备'
}

/** The line under it: platform (when the model took the headline) and app version. */
export function deviceDetail(device: Device): string {
  const parts = [device.model ? platformLabel(device.platform) : '', device.appVersion ? `版本 ${device.appVersion}` : '']
  return parts.filter(Boolean).join(' · ')
}
