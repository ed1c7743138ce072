import type { Context } from 'hono'
import * as z from 'zod/mini'
import { ApiError } from '../api-error'

/** Keys that could reach an object's prototype if a later step merged the body somewhere. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

class ForbiddenKeyError extends Error {}

/**
 * The request body parsed as JSON and checked against the contract's schema; anything else is
 * 400 VALIDATION_FAILED before a route does any work. The size limit is enforced earlier (bodyLimit).
 */
export async function readJsonBody<S extends z.ZodMiniType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text()
  let raw: unknown
  try {
    raw = JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key)
      return value
    })
  } catch (err) {
    throw new ApiError('VALIDATION_FAILED', err instanceof ForbiddenKeyError
      ? `The body must not contain the key "${err.message}".`
      : 'The body must be valid JSON.')
  }
  const result = z.safeParse(schema, raw)
  if (!result.success) {
    const detail = result.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
      .join('; ')
    throw new ApiError('VALIDATION_FAILED', `The body is not valid: ${detail}.`)
  }
  return result.data
}
