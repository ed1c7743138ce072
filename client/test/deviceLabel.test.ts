import { describe, expect, it } from 'vitest'
import { deviceDetail, deviceName, platformLabel } from '@/utils/deviceLabel'

describe('how 登录设备 names a device', () => {
  it('headline: the model, else the platform, else 未知设备', () => {
    expect(deviceName({ platform: 'ios', model: 'iPhone 15 Pro', appVersion: '0.1.0' })).toBe('iPhone 15 Pro')
    expect(deviceName({ platform: 'android', model: '', appVersion: '' })).toBe('Android')
    expect(deviceName({ platform: '', model: '', appVersion: '' })).toBe('未知设备')
  })

  it('detail: the platform under a model, and the app version', () => {
    expect(deviceDetail({ platform: 'devtools', model: 'iPhone 6', appVersion: '0.1.0' })).toBe('微信开发者工具 · 版本 0.1.0')
    expect(deviceDetail({ platform: 'android', model: '', appVersion: '1.2.0' })).toBe('版本 1.2.0')
    expect(deviceDetail({ platform: '', model: '', appVersion: '' })).toBe('')
  })

  it('shows a platform it does not know as sent', () => {
    expect(platformLabel('IOS')).toBe('iOS')
    expect(platformLabel('linux')).toBe('linux')
  })
})
