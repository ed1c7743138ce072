import { afterEach, describe, expect, it } from 'vitest'
import { createHttp } from '@/api/http'
import { createUniFetch } from '@/api/uniTransport'
import { mintPhoneNumber } from '@/dev/devPhoneNumber'
import { createDevPlatformApi } from '@/dev/devPlatformApi'
import { newPhone } from 'server/testing/phones'
import { bffUrl, launchApp } from './helpers'
import { installUni } from './uniRuntime'

installUni(bffUrl)
const dev = createDevPlatformApi(createHttp({ baseURL: bffUrl, fetch: createUniFetch((o) => uni.request(o)) }))

afterEach(async () => {
  await dev.setQuota({ exhausted: false })
})

describe('模拟授权 against the dev BFF, 模拟额度用尽 included', () => {
  it('mints a code that signs in; with the quota switch on, the same tap is the quota outcome (errno 1400001), as on a phone', async () => {
    expect(await dev.quota()).toEqual({ exhausted: false })
    const phone = newPhone()
    const minted = await mintPhoneNumber(dev, phone)
    expect(minted).toEqual({ kind: 'code', code: expect.any(String) })
    await launchApp().phoneLogin((minted as { code: string }).code)

    expect(await dev.setQuota({ exhausted: true })).toEqual({ exhausted: true })
    expect(await dev.quota()).toEqual({ exhausted: true })
    expect(await mintPhoneNumber(dev, phone)).toEqual({ kind: 'quota', errno: 1400001, errMsg: 'getPhoneNumber:fail no quota' })

    expect(await dev.setQuota({ exhausted: false })).toEqual({ exhausted: false })
    expect((await mintPhoneNumber(dev, phone)).kind).toBe('code')
  })
})
