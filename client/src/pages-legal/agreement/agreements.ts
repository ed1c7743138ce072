import type { Legal } from '@/legal'
import { LEGAL } from '@/legal'

/** One agreement: a title, and sections of a heading and paragraphs. */
export interface Agreement {
  title: string
  sections: { heading: string; paragraphs: string[] }[]
}

/**
 * 《隐私政策》(the 用户隐私保护指引 WeChat's review asks for): each item collected, why, how long it is
 * kept, how to delete it, whom to contact. It names what this kit stores (contract: "Accounts",
 * "Sessions, devices and account deletion", "What login costs"); a team that collects more adds it here.
 */
export function privacyPolicy(legal: Legal): Agreement {
  const { appName, companyName, companyAddress, contactEmail, replyWithinDays, sessionDays, logDays, backupDays, effectiveDate } = legal
  return {
    title: '隐私政策',
    sections: [
      {
        heading: '引言',
        paragraphs: [
          `${appName}（以下简称"我们"）由${companyName}运营。本政策说明我们收集哪些个人信息、为什么收集、保存多久、如何删除，以及如何联系我们。`,
          `本政策自${effectiveDate}起生效。我们只收集提供登录和账号服务所必需的信息，不会出售你的个人信息。`,
        ],
      },
      {
        heading: '一、我们收集的信息及用途',
        paragraphs: [
          '1. 手机号码：在你点击"手机号快捷登录"并同意授权后，由微信提供。用于创建和识别你的账号（一个手机号对应一个账号），以及更换手机号、注销账号时核验你的身份。页面上只以打码形式显示（如 138****8000）。',
          '2. 微信标识（openid，如有则含 unionid）：由微信在你登录时提供。用于将你的微信与账号关联，使你下次打开时无需再次授权即可自动登录，并在更换手机号等操作时确认是你本人。我们不保存微信的会话密钥（session_key）。',
          '3. 设备信息（设备品牌与型号、操作系统及版本、浏览器名称、本应用版本号）：每次登录时由本应用读取。用于在"登录设备"页面列出你的账号在哪些设备上登录，帮助你发现并下线不认识的设备。',
          '4. 登录记录：每个登录设备的登录时间和最近活跃时间，用途同上。',
          '5. 手机号验证费用记录：每次向微信换取手机号的时间、方式（快捷或实时验证）、结果和费用。该记录不含手机号、微信标识或账号编号，无法识别到你个人，仅用于我们核对费用。',
        ],
      },
      {
        heading: '二、保存期限',
        paragraphs: [
          '1. 手机号码、微信标识与账号资料：保存至你注销账号为止。',
          `2. 设备信息与登录记录：随对应的登录一起删除，即你退出登录、将设备下线或注销账号时；未使用的登录最迟在最后一次使用后 ${sessionDays} 天失效并删除。`,
          `3. 服务器日志（仅含打码手机号和网络地址）：保存 ${logDays} 天。`,
          `4. 备份：已删除的数据最迟在 ${backupDays} 天内随备份轮换清除。`,
          '5. 手机号验证费用记录不含个人信息，按财务要求保存。',
        ],
      },
      {
        heading: '三、你的权利与删除方式',
        paragraphs: [
          '1. 查看：在"我的"页面查看你的账号资料和手机号（打码显示）；在"登录设备"查看每个登录设备。',
          '2. 更正：在"我的"页面更换手机号。',
          '3. 下线设备：在"登录设备"将任一其他设备下线，或全部下线其他设备。',
          '4. 删除：在"我的 → 注销账号"注销后，你的手机号、微信关联、设备信息和登录记录立即从我们的数据库中删除，且无法恢复。',
          '5. 撤回同意：你可以随时退出登录或注销账号；撤回不影响此前基于同意已进行的处理。',
        ],
      },
      {
        heading: '四、信息的存储与保护',
        paragraphs: [
          '你的信息存储在中华人民共和国境内的服务器上。传输全程加密（HTTPS）；登录凭证有效期短并可随时作废；完整手机号和微信标识不会出现在任何页面或接口返回中。',
          '我们不会向第三方提供、出售或公开你的个人信息，法律法规另有规定的除外。',
        ],
      },
      {
        heading: '五、未成年人',
        paragraphs: ['如你未满 14 周岁，请在监护人同意和指导下使用本服务。'],
      },
      {
        heading: '六、联系我们',
        paragraphs: [
          `运营主体：${companyName}`,
          `地址：${companyAddress}`,
          `个人信息保护联系邮箱：${contactEmail}`,
          `我们将在 ${replyWithinDays} 个工作日内答复你的请求。本政策更新时，我们会在本页面公布并在你下次登录时提示。`,
        ],
      },
    ],
  }
}

/** 《用户协议》: what the account is, what the user and we each undertake, how it ends. */
export function userAgreement(legal: Legal): Agreement {
  const { appName, companyName, contactEmail, effectiveDate } = legal
  return {
    title: '用户协议',
    sections: [
      {
        heading: '一、协议的范围',
        paragraphs: [
          `本协议是你与${companyName}之间关于使用${appName}的约定，自${effectiveDate}起生效。你勾选同意并登录，即表示你已阅读并同意本协议和《隐私政策》。`,
        ],
      },
      {
        heading: '二、账号',
        paragraphs: [
          '1. 你使用微信绑定的手机号登录。账号以手机号为准：一个手机号对应一个账号。',
          '2. 你可以在"我的"页面更换手机号；更换需在当前微信上确认是你本人，更换后其他设备上的登录将失效。',
          '3. 运营商会将注销超过一定期限的号码重新发放给他人。若你的手机号被他人重新启用，你的账号不会交给新号主；你仍可通过原微信登录并绑定新的手机号。',
          '4. 通过你的微信完成的登录视为你本人的操作，请妥善保管你的微信账号和手机。',
        ],
      },
      {
        heading: '三、使用规范',
        paragraphs: ['你不得利用本服务从事违法活动，不得干扰本服务的正常运行，不得以自动化方式批量注册或登录。'],
      },
      {
        heading: '四、账号注销',
        paragraphs: [
          '你可以随时在"我的 → 注销账号"注销账号。注销后账号资料、手机号与微信的关联及所有设备上的登录将被永久删除，无法恢复；之后使用同一手机号登录将创建新账号。',
        ],
      },
      {
        heading: '五、服务的变更与中止',
        paragraphs: ['我们可能因维护或升级暂停部分服务，并会尽量提前告知。协议更新时，我们会在本页面公布并在你下次登录时提示。'],
      },
      {
        heading: '六、联系我们',
        paragraphs: [`对本协议有任何疑问，请联系：${contactEmail}`],
      },
    ],
  }
}

/** The two texts behind 《用户协议》 and 《隐私政策》, filled from src/legal.ts. */
export const AGREEMENTS = {
  user: userAgreement(LEGAL),
  privacy: privacyPolicy(LEGAL),
} as const

export type AgreementType = keyof typeof AGREEMENTS
