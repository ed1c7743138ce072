import type { Context } from 'hono'
import * as z from 'zod/mini'
import { ApiError } from '../api-error'

/** Keys that could reach an object's prototype if a later step merged the body somewhere. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

class ForbiddenKeyError extends Error {}

function refuseForbiddenKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key)
  return value
}

/**
 * How a body is read when the BFF's defaults do not fit: the mock WeChat reads its bodies here too, but
 * answers as WeChat does (HTTP 200 with errcode), so it says how.
 */
export interface JsonBodyOptions {
  /** The error to throw for an unreadable or invalid body, given the reason. Default: 400 VALIDATION_FAILED. */
  invalid?: (reason: string) => Error
  /** What a body of only whitespace reads as. Default: none, so such a body is not valid JSON. */
  empty?: unknown
  /** Whether `__proto__`, `constructor` and `prototype` keys are refused. Default: refused (the contract's rule). */
  forbiddenKeys?: 'refuse' | 'allow'
}

/**
 * The request body parsed as JSON and checked against a zod/mini schema (the contract's, from shared/schemas);
 * anything else is 400 VALIDATION_FAILED before a route does any work. The size limit is enforced earlier
 * (bodyLimit).
 */
export async function readJsonBody<S extends z.ZodMiniType>(c: Context, schema: S, options?: JsonBodyOptions): Promise<z.output<S>> {
  const text = await c.req.text()
  let raw: unknown
  if (options?.empty !== undefined && text.trim() === '') {
    raw = options.empty
  } else {
    try {
      raw = options?.forbiddenKeys === 'allow' ? JSON.parse(text) : JSON.parse(text, refuseForbiddenKeys)
    } catch (err) {
      throw invalid(options, err instanceof ForbiddenKeyError
        ? `The body must not contain the key "${err.message}".`
        : 'The body must be valid JSON.')
    }
  }
  const result = z.safeParse(schema, raw)
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
      .join('; ')
    throw invalid(options, `The body is not valid: ${detail}.`)
  }
  return result.data
}

function invalid(options: JsonBodyOptions | undefined, reason: string): Error {
  return options?.invalid?.(reason) ?? new ApiError('VALIDATION_FAILED', reason)
}
