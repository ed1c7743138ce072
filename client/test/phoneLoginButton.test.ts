import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, reactive } from 'vue'
import type { PhoneLoginButtonProps } from '@/components/PhoneLoginButton/usePhoneLoginButton'
import { UNLOCK_WITHOUT_LOADING_MS, usePhoneLoginButton } from '@/components/PhoneLoginButton/usePhoneLoginButton'

function mount(initial: PhoneLoginButtonProps = {}) {
  const props = reactive<PhoneLoginButtonProps>({ realtime: false, loading: false, disabled: false, blocked: false, ...initial })
  const emitted: [string, ...unknown[]][] = []
  const button = usePhoneLoginButton(props, ((event: string, ...args: unknown[]) => emitted.push([event, ...args])) as never)
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
