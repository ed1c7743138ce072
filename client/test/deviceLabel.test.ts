import { describe, expect, it } from 'vitest'
import { deviceDetail, deviceName, platformLabel } from '@/utils/deviceLabel'

describe('how 登录设备 names a device', () => {
  it('headline: the model and the system, as people say it; else whichever is known; else 未知设备', () => {
    expect(deviceName({ platform: 'iOS 17.4', model: 'iPhone 15 Pro', appVersion: '0.1.0' })).toBe('iPhone 15 Pro · iOS 17.4')
    expect(deviceName({ platform: 'android', model: 'Xiaomi 14', appVersion: '' })).toBe('Xiaomi 14 · Android')
    expect(deviceName({ platform: 'android', model: '', appVersion: '' })).toBe('Android')
    expect(deviceName({ platform: '', model: 'Chrome', appVersion: '' })).toBe('Chrome')
    expect(deviceName({ platform: '', model: '', appVersion: '' })).toBe('未知设备')
  })

  it('detail: the app version', () => {
    expect(deviceDetail({ platform: 'devtools', model: 'iPhone 6', appVersion: '0.1.0' })).toBe('版本 0.1.0')
    expect(deviceDetail({ platform: '', model: '', appVersion: '' })).toBe('')
  })

  it('shows a platform older clients sent as a word, and anything else as sent', () => {
    expect(platformLabel('IOS')).toBe('iOS')
    expect(platformLabel('HarmonyOS 5.0')).toBe('HarmonyOS 5.0')
  })
})
