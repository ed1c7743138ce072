import { describe, expect, it } from 'vitest'
import { createUniFetch, NetworkFailure, UniAbortController, UniHeaders } from '@/api/uniTransport'

type Options = UniNamespace.RequestOptions

/** A stand-in for uni.request that records its options and answers as told. */
function fakeRequest(answer: (options: Options) => void) {
  const calls: Options[] = []
  let aborted = 0
  const request = (options: Options) => {
    calls.push(options)
    answer(options)
    return { abort: () => { aborted += 1 } }
  }
  return { request, calls, aborted: () => aborted }
}

const ok = (data: unknown, header: Record<string, unknown> = {}) => (options: Options) =>
  options.success?.({ data, statusCode: 200, header, cookies: [], errMsg: 'request:ok' } as never)

describe('the uni.request transport (api/uniTransport.ts)', () => {
  it('Headers: names are case-insensitive, and toObject gives what uni.request takes', () => {
    const headers = new UniHeaders({ Accept: 'application/json' })
    headers.set('Authorization', 'Bearer t')
    expect(headers.get('accept')).toBe('application/json')
    expect(headers.has('AUTHORIZATION')).toBe(true)
    headers.delete('Accept')
    expect(headers.toObject()).toEqual({ authorization: 'Bearer t' })
    expect([...new UniHeaders([['X-A', '1']])]).toEqual([['x-a', '1']])
  })

  it('AbortController: fires its listeners once, with the reason', () => {
    const controller = new UniAbortController()
    let fired = 0
    controller.signal.addEventListener('abort', () => { fired += 1 })
    controller.abort('why')
    controller.abort('again')
    expect(fired).toBe(1)
    expect(controller.signal.aborted).toBe(true)
    expect(controller.signal.reason).toBe('why')
  })

  it('fetch: sends method, headers and a string body as text, and answers with text ofetch can parse', async () => {
    const fake = fakeRequest(ok({ a: 1 }, { 'Set-Cookie': ['x', 'y'], 'X-Phone-Unchanged': '1' }))
    const response = await createUniFetch(fake.request, { timeoutMs: 1000 })('https://bff/x', { method: 'post', headers: { Accept: 'application/json' }, body: '{"b":2}' })
    expect(fake.calls[0]).toMatchObject({ url: 'https://bff/x', method: 'POST', header: { accept: 'application/json' }, data: '{"b":2}', timeout: 1000, dataType: 'text' })
    expect(response.status).toBe(200)
    expect(response.ok).toBe(true)
    // A runtime that parsed the JSON anyway gets it back as text.
    expect(await response.text()).toBe('{"a":1}')
    expect(response.headers.get('set-cookie')).toBe('x, y')
    expect(response.headers.get('x-phone-unchanged')).toBe('1')
  })

  it('fetch: refuses a body that is not a string, and reports a failed request as a NetworkFailure', async () => {
    const fetch = createUniFetch(fakeRequest((o) => o.fail?.({ errMsg: 'request:fail offline' } as never)).request)
    await expect(fetch('https://bff/x', { body: {} as never })).rejects.toThrow(TypeError)
    await expect(fetch('https://bff/x')).rejects.toEqual(new NetworkFailure('request:fail offline'))
  })

  it('fetch: aborting the signal aborts the uni.request task and rejects with the reason', async () => {
    const fake = fakeRequest(() => {})
    const controller = new UniAbortController()
    const pending = createUniFetch(fake.request)('https://bff/x', { signal: controller.signal })
    controller.abort('timeout')
    expect(fake.aborted()).toBe(1)
    // uni.request calls fail after abort(); the transport rejects with the signal's reason.
    fake.calls[0]!.fail?.({ errMsg: 'request:fail abort' } as never)
    await expect(pending).rejects.toBe('timeout')
    await expect(createUniFetch(fake.request)('https://bff/x', { signal: controller.signal })).rejects.toBe('timeout')
  })
})
