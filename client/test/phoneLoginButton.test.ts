import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import type { PhoneLoginButtonPlatform, PhoneLoginButtonProps } from '@/components/PhoneLoginButton/usePhoneLoginButton'
import { UNLOCK_WITHOUT_LOADING_MS, usePhoneLoginButton } from '@/components/PhoneLoginButton/usePhoneLoginButton'

function mount(initial: PhoneLoginButtonProps = {}, platform: PhoneLoginButtonPlatform = {}) {
  const props = reactive<PhoneLoginButtonProps>({ realtime: false, loading: false, disabled: false, blocked: false, ...initial })
  const emitted: [string, ...unknown[]][] = []
  const button = usePhoneLoginButton(props, ((event: string, ...args: unknown[]) => emitted.push([event, ...args])) as never, platform)
  return { props, emitted, button }
}

const ok = (code: string) => ({ detail: { code, errMsg: 'getPhoneNumber:ok' } })

describe('PhoneLoginButton behaviour', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('emits code, or one fail carrying the typed outcome', () => {
    const { emitted, button } = mount()
    button.onPhoneEvent({ detail: { errMsg: 'getPhoneNumber:fail user deny' } })
    button.onPhoneEvent({ detail: { errMsg: 'getPhoneNumber:fail', errno: 1400001 } })
    button.onPhoneEvent({ detail: { errMsg: 'getPhoneNumber:fail privacy permission is not authorized', errno: 104 } })
    button.onPhoneEvent({ detail: { errMsg: 'getPhoneNumber:fail', errno: 5 } })
    button.onPhoneEvent(ok('c1'))
    expect(emitted.map(([name]) => name)).toEqual(['fail', 'fail', 'fail', 'fail', 'code'])
    expect(emitted.slice(0, 4).map(([, outcome]) => (outcome as { kind: string }).kind)).toEqual(['deny', 'quota', 'privacy', 'error'])
    expect(emitted[4]).toEqual(['code', 'c1'])
  })

  it('uses the open-type for quick or real-time verification, and none while it must not open WeChat', async () => {
    const { props, button } = mount()
    expect(button.openType.value).toBe('getPhoneNumber')
    props.realtime = true
    expect(button.openType.value).toBe('getRealtimePhoneNumber')
    props.blocked = true
    expect(button.openType.value).toBeUndefined()
    props.blocked = false
    props.loading = true
    expect(button.openType.value).toBeUndefined()
  })

  it('locks after a code until the parent has finished, so a second tap sends nothing', async () => {
    const { props, emitted, button } = mount()
    button.onPhoneEvent(ok('first'))
    expect(button.busy.value).toBe(true)
    props.loading = true // the parent starts sending the code
    await nextTick()
    button.onPhoneEvent(ok('second'))
    vi.advanceTimersByTime(UNLOCK_WITHOUT_LOADING_MS * 3)
    expect(button.busy.value).toBe(true)
    props.loading = false // the parent is done
    await nextTick()
    expect(button.busy.value).toBe(false)
    button.onPhoneEvent(ok('third'))
    expect(emitted).toEqual([['code', 'first'], ['code', 'third']])
  })

  it('unlocks on its own when the parent never reports loading', () => {
    const { emitted, button } = mount()
    button.onPhoneEvent(ok('a'))
    button.onPhoneEvent(ok('b'))
    vi.advanceTimersByTime(UNLOCK_WITHOUT_LOADING_MS - 1)
    expect(button.busy.value).toBe(true)
    vi.advanceTimersByTime(1)
    expect(button.busy.value).toBe(false)
    button.onPhoneEvent(ok('c'))
    expect(emitted).toEqual([['code', 'a'], ['code', 'c']])
  })

  it('reset() unlocks at once', () => {
    const { button } = mount()
    button.onPhoneEvent(ok('a'))
    button.reset()
    expect(button.busy.value).toBe(false)
  })

  it('reports a tap: blocked while blocked, press when it opens WeChat; nothing while disabled', () => {
    const { props, emitted, button } = mount({ blocked: true })
    button.onTap()
    expect(emitted).toEqual([['blocked']])
    props.blocked = false
    button.onTap()
    expect(emitted).toEqual([['blocked'], ['press']])
    props.disabled = true
    button.onTap()
    button.onPhoneEvent(ok('x'))
    expect(emitted).toEqual([['blocked'], ['press']])
  })
})

describe('PhoneLoginButton on Douyin and Alipay', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('Douyin: getPhoneNumber (no real-time verification there), its texts classified as Douyin means them', () => {
    const { props, emitted, button } = mount({}, { platform: 'douyin' })
    props.realtime = true
    expect(button.openType.value).toBe('getPhoneNumber')
    button.onPhoneEvent({ detail: { errMsg: 'getPhoneNumber:fail platform auth deny' } })
    button.onPhoneEvent({ detail: { errMsg: 'getPhoneNumber:fail auth deny' } })
    button.onPhoneEvent(ok('dy'))
    expect(emitted.map(([name, value]) => (name === 'fail' ? (value as { kind: string }).kind : value))).toEqual(['error', 'deny', 'dy'])
  })

  it('Douyin: asks for a fresh tt.login code each time the lock lifts (before the next tap)', () => {
    const beforeNextTap = vi.fn()
    const { button } = mount({}, { platform: 'douyin', beforeNextTap })
    button.onPhoneEvent(ok('a'))
    expect(beforeNextTap).not.toHaveBeenCalled()
    vi.advanceTimersByTime(UNLOCK_WITHOUT_LOADING_MS)
    expect(beforeNextTap).toHaveBeenCalledTimes(1)
  })

  it('Alipay: getAuthorize, then my.getPhoneNumber\'s response emitted verbatim, once, however often it is tapped', async () => {
    let answer!: (value: unknown) => void
    const getPhoneNumber = vi.fn(() => new Promise((resolve) => (answer = resolve)))
    const { emitted, button } = mount({}, { platform: 'alipay', getPhoneNumber })
    expect(button.openType.value).toBe('getAuthorize')
    const first = button.onAuthorize()
    expect(button.busy.value).toBe(true)
    expect(button.openType.value).toBeUndefined()
    void button.onAuthorize() // a second authorisation while the first is asked: nothing
    answer({ response: '{"response":"x","sign":"y"}' })
    await first
    expect(getPhoneNumber).toHaveBeenCalledTimes(1)
    expect(emitted).toEqual([['code', '{"response":"x","sign":"y"}']])
  })

  it('Alipay: the button\'s error and my.getPhoneNumber\'s fail become deny or error', async () => {
    const { emitted, button } = mount({}, { platform: 'alipay', getPhoneNumber: () => Promise.reject({ error: 40003, errorMessage: '无效的授权关系' }) })
    button.onAuthorizeError({ detail: { error: 11, errorMessage: '用户取消操作' } })
    await button.onAuthorize()
    expect(emitted).toEqual([
      ['fail', { kind: 'deny', errMsg: '用户取消操作' }],
      ['fail', { kind: 'error', errno: 40003, errMsg: '无效的授权关系', noCode: false }],
    ])
    expect(button.busy.value).toBe(false)
  })
})
