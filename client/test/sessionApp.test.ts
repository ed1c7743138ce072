import { describe, expect, it } from 'vitest'
import { sessionAppLabel } from '@/utils/sessionApp'

const session = { id: 's', current: false, device: { platform: 'ios', model: '', appVersion: '' }, createdAt: '', lastActiveAt: '' }

describe('which app a session is in (登录设备)', () => {
  it('names the platform and the appid, this build\'s own app as 本应用', () => {
    expect(sessionAppLabel({ ...session, platform: 'douyin', app: 'tt0123456789abcdef' }, 'wx1')).toBe('抖音小程序 · tt0123456789abcdef')
    expect(sessionAppLabel({ ...session, platform: 'weixin', app: 'wx1' }, 'wx1')).toBe('微信小程序 · 本应用')
    expect(sessionAppLabel({ ...session, platform: 'alipay', app: '2021000000000001' }, undefined)).toBe('支付宝小程序 · 2021000000000001')
  })

  it('shows nothing for a session the BFF knows no app of (signed in before apps)', () => {
    expect(sessionAppLabel({ ...session, platform: 'weixin', app: '' }, 'wx1')).toBe('')
  })
})
