import type { StorageLike } from 'pinia-plugin-persistedstate'

/**
 * Web-Storage-shaped access to uni storage for pinia-plugin-persistedstate. Storage can throw
 * (quota, a damaged file); a failed read is "nothing stored" and a failed write is logged, never fatal.
 */
export function createUniStorage(): StorageLike {
  return {
    getItem(key) {
      try {
        const value: unknown = uni.getStorageSync(key)
        return typeof value === 'string' && value !== '' ? value : null
      } catch (error) {
        console.warn('[auth] could not read storage', key, error)
        return null
      }
    },
    setItem(key, value) {
      try {
        uni.setStorageSync(key, value)
      } catch (error) {
        console.warn('[auth] could not write storage', key, error)
      }
    },
  }
}
