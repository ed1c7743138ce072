/**
 * The app's name, logo and slogan: change them here for your own app. The logo is a file the
 * build ships (mp-weixin <image> renders svg files); keep it square.
 */
export const BRAND = {
  name: '青柠生活',
  slogan: '一键登录，好物好店随心逛',
  logo: '/static/logo.svg',
} as const
