import { createPinia } from 'pinia'
import { createPersistedState } from 'pinia-plugin-persistedstate'
import { createUniStorage } from './uniStorage'

/** Pinia with persistence over uni storage (stores opt in with `persist`). */
export function createAppPinia() {
  const pinia = createPinia()
  pinia.use(createPersistedState({ storage: createUniStorage() }))
  return pinia
}
