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

/** This build's appid ('' when none), from manifest.json or WECHAT_APPID / DOUYIN_APPID / ALIPAY_APPID (build/appId.ts). */
declare const __APP_ID__: string

/** Alipay's global, only in mp-alipay builds (used behind #ifdef MP-ALIPAY): what the phone button needs of it. */
declare const my: {
  getPhoneNumber(options: { success: (result: { response: string }) => void; fail: (error: { error?: number; errorMessage?: string }) => void }): void
}
