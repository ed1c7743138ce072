/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface ImportMetaEnv {
  /** Where the BFF answers, e.g. https://api.example.com. Default: the local dev BFF. */
  readonly VITE_API_BASE?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}

/** True only in development mode (`uni`, `uni -p mp-weixin`): enables 模拟授权 and the /__dev/ routes. */
declare const __DEV_MINT__: boolean
