/**
 * The texts behind 《用户协议》 and 《隐私政策》. These are a starting point: replace them with your
 * own, reviewed texts before release. On mp-weixin, 《隐私政策》 opens WeChat's privacy guide instead
 * (the one configured in the MP console), which must list the phone number.
 */
export const AGREEMENTS = {
  user: {
    title: '用户协议',
    paragraphs: [
      '欢迎使用本服务。你使用手机号登录，即表示同意本协议。',
      '你的账号以手机号为准：一个手机号对应一个账号。更换手机号后，请使用新手机号登录。',
      '请妥善保管你的微信账号；通过你的微信完成的登录视为你本人的操作。',
    ],
  },
  privacy: {
    title: '隐私政策',
    paragraphs: [
      '为完成登录，我们会在你授权后获取你的微信手机号，并保存其用于识别你的账号。',
      '我们保存与你微信身份的关联，以便你下次打开时无需再次授权即可自动登录。',
      '你的完整手机号不会展示给其他用户，仅以打码形式（如 138****8000）显示。你可以随时退出登录。',
    ],
  },
} as const

export type AgreementType = keyof typeof AGREEMENTS
