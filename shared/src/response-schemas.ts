import * as z from 'zod/mini'
import type { Session, SessionInfo, SessionsResponse, User } from './types'

// The BFF's answers, for a client to check what it stores (e.g. a persisted session, which outlives
// app versions and can be damaged). types.ts stays the source of truth: each schema must infer
// exactly its type there, or this file fails the typecheck. No locale is loaded here: a client only
// asks whether a value fits (`safeParse(value).success`), and English messages cost bytes it would ship.
// Not strict: a newer BFF may add fields; parsing strips them, so check with `.success` to keep them.

const nonEmpty = z.string().check(z.minLength(1))
const isoDate = z.string()

const platform = z.enum(['weixin', 'douyin', 'alipay'])

export const userSchema = z.object({
  id: z.string(),
  phone: z.string(),
  countryCode: z.string(),
  nickname: z.string(),
  avatarUrl: z.string(),
  wechatLinked: z.boolean(),
  createdAt: isoDate,
  identities: z.array(z.object({ platform, app: z.string() })),
})

export const sessionSchema = z.object({
  accessToken: nonEmpty,
  refreshToken: nonEmpty,
  expiresIn: z.number(),
  user: userSchema,
})

export const sessionInfoSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  device: z.object({ platform: z.string(), model: z.string(), appVersion: z.string() }),
  platform,
  app: z.string(),
  createdAt: isoDate,
  lastActiveAt: isoDate,
})

export const sessionsResponseSchema = z.object({ sessions: z.array(sessionInfoSchema) })

// Compile-time only: each schema infers exactly the type in types.ts (both ways), so neither can drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Assert<T extends true> = T
type _SchemasMatchTypes = [
  Assert<Same<z.infer<typeof userSchema>, User>>,
  Assert<Same<z.infer<typeof sessionSchema>, Session>>,
  Assert<Same<z.infer<typeof sessionInfoSchema>, SessionInfo>>,
  Assert<Same<z.infer<typeof sessionsResponseSchema>, SessionsResponse>>,
]
