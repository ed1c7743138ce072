import type { Plugin } from 'vite'

const BLOCK = /<!-- dev-only -->[\s\S]*?<!-- \/dev-only -->/g

/**
 * Removes `<!-- dev-only --> … <!-- /dev-only -->` regions from .vue templates unless `keep`.
 * A `v-if` is not enough: the mini-program compiler would still emit the hidden markup and the
 * component behind it, so a production build would ship 模拟授权 and the /__dev/ routes.
 */
export function stripDevOnlyBlocks({ keep }: { keep: boolean }): Plugin {
  return {
    name: 'wx-phone-login:strip-dev-only-blocks',
    enforce: 'pre',
    transform(code, id) {
      if (keep || !id.split('?')[0]!.endsWith('.vue') || !code.includes('<!-- dev-only -->')) return
      return { code: code.replace(BLOCK, ''), map: null }
    },
  }
}
