import { createFaultQueue, type TransportFault } from '../../mock-support/mock-faults'

/** The four WeChat endpoints the mock serves. */
export const MOCK_ENDPOINTS = ['token', 'stable_token', 'jscode2session', 'getuserphonenumber'] as const
export type MockEndpoint = (typeof MOCK_ENDPOINTS)[number]

/**
 * What the next call to an endpoint gets instead of a normal answer:
 * - a number: that errcode, as WeChat sends it (HTTP 200, `{errcode, errmsg}`);
 * - a numeric string such as '40029': the same with errcode as a string, as some WeChat answers have it;
 * - 'timeout': no answer until the mock is closed or reset (or `hangMs` passes), longer than any client timeout;
 * - 'garbage': HTTP 200 with an HTML page labelled application/json;
 * - 'empty': HTTP 200 with `{}` (valid JSON, every field missing);
 * - 'http500': HTTP 500 with an HTML page.
 */
export type Fault = number | `${number}` | TransportFault

export function isMockEndpoint(value: unknown): value is MockEndpoint {
  return typeof value === 'string' && (MOCK_ENDPOINTS as readonly string[]).includes(value)
}

export function isFault(value: unknown): value is Fault {
  return (typeof value === 'number' && Number.isInteger(value))
    || (typeof value === 'string' && /^-?\d+$/.test(value))
    || value === 'timeout' || value === 'garbage' || value === 'empty' || value === 'http500'
}

/** Queued faults per endpoint, consumed one per call: the queue every mock platform uses. */
export function createFaults() {
  return createFaultQueue<MockEndpoint, Fault>()
}
