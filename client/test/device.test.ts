import { describe, expect, it } from 'vitest'
import { deviceFrom, truncate } from '@/utils/device'

describe('the device sent with a login', () => {
  it('takes platform, model and appVersion from uni.getSystemInfoSync()', () => {
    expect(deviceFrom({ platform: 'ios', model: 'iPhone 15 Pro<iPhone16,1>', appVersion: '0.1.0', brand: 'Apple' } as never))
      .toEqual({ platform: 'ios', model: 'iPhone 15 Pro<iPhone16,1>', appVersion: '0.1.0' })
  })

  it('cuts every field to 64 characters, the contract limit', () => {
    const device = deviceFrom({ platform: 'p'.repeat(100), model: ` ${'m'.repeat(70)} `, appVersion: '1'.repeat(64) })
    expect(device).toEqual({ platform: 'p'.repeat(64), model: 'm'.repeat(64), appVersion: '1'.repeat(64) })
  })

  it('never leaves half of a character made of two UTF-16 units', () => {
    const model = `${'a'.repeat(63)}😀`
    expect(model.length).toBe(65)
    expect(truncate(model)).toBe('a'.repeat(63))
    expect(truncate('小米 14 Ultra')).toBe('小米 14 Ultra')
  })

  it('sends "" for what the runtime does not tell', () => {
    expect(deviceFrom({ platform: 'android', model: undefined, appVersion: 42 })).toEqual({ platform: 'android', model: '', appVersion: '' })
  })
})
