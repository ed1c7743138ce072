import { describe, expect, it } from 'vitest'
import { cleanField, deviceFrom, truncate } from '@/utils/device'
import { deviceName } from '@/utils/deviceLabel'

describe('the device sent with a login', () => {
  it('names a phone as its owner says it: the model without WeChat\'s hardware id, and the system with its version', () => {
    const device = deviceFrom({ platform: 'ios', system: 'iOS 17.4', brand: 'Apple', model: 'iPhone 15 Pro<iPhone16,1>', appVersion: '0.1.0', uniPlatform: 'mp-weixin' })
    expect(device).toEqual({ platform: 'iOS 17.4', model: 'iPhone 15 Pro', appVersion: '0.1.0' })
    expect(deviceName(device)).toBe('iPhone 15 Pro · iOS 17.4')
  })

  it('puts the brand people say in front of a model that lacks it, once', () => {
    expect(deviceName(deviceFrom({ platform: 'ohos', system: 'HarmonyOS', brand: 'HUAWEI', model: 'Mate 60' }))).toBe('华为 Mate 60 · HarmonyOS')
    expect(deviceFrom({ platform: 'android', system: 'Android 14', brand: 'HUAWEI', model: 'HUAWEI Mate 60' }).model).toBe('华为 Mate 60')
    // Alipay names the system in `platform` and gives only its version in `system`.
    expect(deviceFrom({ platform: 'iOS', system: '17.4', brand: 'Apple', model: 'iPhone15,2', uniPlatform: 'mp-alipay' }).platform).toBe('iOS 17.4')
    expect(deviceFrom({ platform: 'Android', system: '14', brand: 'Xiaomi', model: '小米 14', uniPlatform: 'mp-alipay' }).platform).toBe('Android 14')
    expect(deviceFrom({ platform: 'android', system: 'Android 14', brand: 'Xiaomi', model: '小米 14' }).model).toBe('小米 14')
    expect(deviceFrom({ platform: 'android', system: 'Android 13', brand: 'Fairphone', model: 'FP5' }).model).toBe('FP5')
  })

  it('on H5 names the browser and the system, without the version desktop browsers freeze', () => {
    const mac = deviceFrom({ uniPlatform: 'web', platform: 'mac', system: 'macos 10.15.7', model: 'PC', browserName: 'chrome', appVersion: '0.1.0' })
    expect(deviceName(mac)).toBe('Chrome · macOS')
    const iphone = deviceFrom({ uniPlatform: 'web', platform: 'ios', system: 'iOS 17.5', brand: 'iPhone', model: 'iPhone', browserName: 'safari' })
    expect(deviceName(iphone)).toBe('Safari · iOS 17.5')
    expect(deviceName(deviceFrom({ uniPlatform: 'web', platform: 'windows', system: 'Windows 10 x64', model: 'PC', browserName: 'edge' }))).toBe('Edge · Windows')
    expect(deviceName(deviceFrom({ uniPlatform: 'web', platform: 'other', system: 'Other 0', model: undefined, browserName: '' }))).toBe('Other 0')
  })

  it('says 微信开发者工具 for the simulator', () => {
    expect(deviceName(deviceFrom({ platform: 'devtools', system: 'iOS 10.0.1', brand: 'devtools', model: 'iPhone 6/7/8' }))).toBe('iPhone 6/7/8 · 微信开发者工具')
  })

  it('keeps every field within 64 characters, the contract limit', () => {
    const device = deviceFrom({ platform: 'x', system: `Android ${'9'.repeat(100)}`, model: ` ${'m'.repeat(70)} `, appVersion: '1'.repeat(80) })
    expect(device.model).toBe('m'.repeat(64))
    expect(device.platform?.length).toBe(64)
    expect(device.appVersion).toBe('1'.repeat(64))
  })

  it('holds no control character, whatever the runtime says (the BFF refuses them)', () => {
    const device = deviceFrom({ platform: 'android', system: 'Android\u000014', brand: 'Xiaomi\n', model: 'Mi\u0007 11\u007F', appVersion: '0.1.0\r\n' })
    for (const value of Object.values(device)) expect([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toBe(false)
    expect(device).toEqual({ platform: 'Android 14', model: '小米 Mi 11', appVersion: '0.1.0' })
    expect(cleanField('\u0000\u0001')).toBe('')
  })

  it('never leaves half of a character made of two UTF-16 units', () => {
    const model = `${'a'.repeat(63)}😀`
    expect(model.length).toBe(65)
    expect(truncate(model)).toBe('a'.repeat(63))
    expect(truncate('小米 14 Ultra')).toBe('小米 14 Ultra')
  })

  it('sends "" for what the runtime does not tell', () => {
    expect(deviceFrom({ platform: 'android', model: undefined, appVersion: 42 })).toEqual({ platform: 'Android', model: '', appVersion: '' })
  })
})
