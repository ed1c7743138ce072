import type { ErrorCode } from 'shared'
import { expect } from 'vitest'

export interface Reply<T = unknown> {
  status: number
  headers: Headers
  body: T
  text: string
}

/** Real HTTP to the BFF with fetch; the body is parsed when it is JSON. */
export async function request<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown; rawBody?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`
  let body: string | undefined = init.rawBody
  if (init.body !== undefined) {
    body = JSON.stringify(init.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text === '' ? undefined : JSON.parse(text)
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text }
}

/** Asserts the contract's error envelope, exactly: status, code, a message, nothing else. */
export function expectError(reply: Reply, status: number, code: ErrorCode): void {
  expect({ status: reply.status, body: reply.body }).toEqual({
    status,
    body: { error: { code, message: expect.any(String) } },
  })
  expect(reply.text).not.toMatch(/\bat .+\.(ts|js):\d+/)
}
