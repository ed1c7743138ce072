import type { Plugin } from 'vite'

/**
 * uni forces `resolve.preserveSymlinks: true`; under pnpm's symlinked layout that breaks a dependency
 * of a dependency (ofetch → destr). Turning it back off after uni has run keeps pnpm's default layout.
 */
export function allowNestedDependencies(): Plugin {
  return {
    name: 'wx-phone-login:allow-nested-dependencies',
    enforce: 'post',
    config(config) {
      config.resolve ??= {}
      config.resolve.preserveSymlinks = false
    },
    configResolved(config) {
      // The resolved config is frozen for plugins by convention only; uni reads this field later.
      ;(config.resolve as { preserveSymlinks: boolean }).preserveSymlinks = false
    },
  }
}
