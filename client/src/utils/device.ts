import type { Device } from 'shared'

/** The contract's limit per device field; longer values would make the whole login a VALIDATION_FAILED. */
export const DEVICE_FIELD_MAX = 64

/** Cuts to `max` UTF-16 units (the BFF counts the same way) without leaving half a surrogate pair. */
export function truncate(value: string, max = DEVICE_FIELD_MAX): string {
  if (value.length <= max) return value
  const cut = value.slice(0, max)
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut
}

/** The fields of `uni.getSystemInfoSync()` a session records; appVersion is the manifest's versionName. */
export interface SystemInfoLike {
  platform?: unknown
  model?: unknown
  appVersion?: unknown
}

export function deviceFrom(info: SystemInfoLike): Device {
  const field = (value: unknown) => truncate(typeof value === 'string' ? value.trim() : '')
  return { platform: field(info.platform), model: field(info.model), appVersion: field(info.appVersion) }
}

/** This device, sent with every login so 登录设备 can name it. Never fails a login. */
export function currentDevice(): Device {
  try {
    return deviceFrom(uni.getSystemInfoSync())
  } catch (error) {
    console.warn('[device] getSystemInfoSync failed', error)
    return {}
  }
}
