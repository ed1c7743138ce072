import type { HealthResponse } from 'shared'
import { ROUTES } from 'shared'
import type { Http } from './http'

/** `/healthz`: whether the BFF and its database answer. */
export function createHealthApi(http: Http) {
  return {
    check: () => http.request<HealthResponse>(ROUTES.health),
  }
}
