import * as z from 'zod/mini'
import { type Fault, isFault, MOCK_ENDPOINTS } from './faults'

// Bodies the mock reads, checked by the BFF's one body reader (src/http/json-body.ts). Each schema accepts
// exactly what the mock accepted before it had schemas; the routes decide how a refusal is answered.

const optionalString = z.optional(z.string())
/** Read by the handler, whatever its type: WeChat answers a wrong one with its own errcode, not 47001. */
const anyValue = z.optional(z.unknown())

/** `POST /cgi-bin/stable_token`: any JSON object; the fields' checks give WeChat's errcodes. */
export const stableTokenBody = z.object({ appid: anyValue, secret: anyValue, grant_type: anyValue, force_refresh: anyValue })
/** `POST /wxa/business/getuserphonenumber`: anything but a non-empty string code is 47001. */
export const phoneNumberBody = z.object({ code: z.string().check(z.minLength(1)) })

export const controlLoginCodeBody = z.object({ openid: optionalString, unionid: optionalString, appid: optionalString })
export const controlPhoneCodeBody = z.object({
  phone: z.string(), appid: optionalString, watermarkAppid: optionalString, countryCode: optionalString,
})
export const controlFailBody = z.object({
  endpoint: z.enum(MOCK_ENDPOINTS),
  fault: z.custom<Fault>(isFault),
  // null, as absent, means once.
  times: z.optional(z.nullable(z.number().check(z.refine(Number.isInteger), z.gte(1)))),
})
