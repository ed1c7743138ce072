import type { SessionInfo } from 'shared'

type Device = SessionInfo['device']

// Older clients sent uni.getSystemInfoSync().platform ("ios"); newer ones the system itself ("iOS 17.4").
const PLATFORMS: Record<string, string> = {
  ios: 'iOS',
  android: 'Android',
  ohos: 'HarmonyOS',
  harmony: 'HarmonyOS',
  windows: 'Windows',
  mac: 'macOS',
  devtools: '微信开发者工具',
}

export function platformLabel(platform: string): string {
  return PLATFORMS[platform.toLowerCase()] ?? platform
}

/** The device's headline on 登录设备, as people say it: "iPhone 15 Pro · iOS 17.4", "Chrome · macOS"; else 未知设备. */
export function deviceName(device: Device): string {
  return [device.model, platformLabel(device.platform)].filter(Boolean).join(' · ') || '未知设备'
}

/** The line under it: the app version. */
export function deviceDetail(device: Device): string {
  return device.appVersion ? `版本 ${device.appVersion}` : ''
}
