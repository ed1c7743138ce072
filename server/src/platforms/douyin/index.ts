export { createDouyinApp, type DouyinAppConfig, type DouyinAppDeps } from './douyin-app'
