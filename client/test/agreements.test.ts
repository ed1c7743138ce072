import { describe, expect, it } from 'vitest'
import { AGREEMENTS, privacyPolicy, userAgreement } from '@/pages-legal/agreement/agreements'
import type { Legal } from '@/legal'
import { LEGAL, unfilledLegalFields } from '@/legal'

const text = (agreement: { sections: { heading: string; paragraphs: string[] }[] }) =>
  agreement.sections.flatMap((s) => [s.heading, ...s.paragraphs]).join('\n')

const FILLED: Legal = {
  ...LEGAL,
  companyName: '青柠科技（杭州）有限公司',
  companyAddress: '浙江省杭州市西湖区文三路 1 号',
  contactEmail: 'privacy@example.com',
  effectiveDate: '2027年1月1日',
  sessionDays: 45,
}

describe('the privacy policy and user agreement', () => {
  it('the privacy policy names each item the kit stores, why, how long, how to delete it, and whom to ask', () => {
    const policy = text(privacyPolicy(FILLED))
    for (const item of ['手机号码', 'openid', 'unionid', '设备品牌与型号', '操作系统及版本', '浏览器', '最近活跃时间', '费用记录', 'session_key']) expect(policy).toContain(item)
    for (const topic of ['保存期限', '注销账号', '立即从我们的数据库中删除', '联系我们']) expect(policy).toContain(topic)
    // The ledger names no person, and the policy says so.
    expect(policy).toContain('不含手机号、微信标识或账号编号')
  })

  it('is filled from one config: company, contact and retention appear where they belong, in both texts', () => {
    const policy = text(privacyPolicy(FILLED))
    const terms = text(userAgreement(FILLED))
    for (const value of [FILLED.companyName, FILLED.companyAddress, FILLED.contactEmail, FILLED.effectiveDate, '45 天']) expect(policy).toContain(value)
    for (const value of [FILLED.companyName, FILLED.contactEmail, FILLED.appName]) expect(terms).toContain(value)
    expect(`${policy}${terms}`).not.toContain('【请填写')
    expect(unfilledLegalFields(FILLED)).toEqual([])
  })

  it('as shipped, says which fields the team must fill in before review', () => {
    expect(unfilledLegalFields()).toEqual(['companyName', 'companyAddress', 'contactEmail', 'effectiveDate'])
    expect(text(AGREEMENTS.privacy)).toContain('【请填写')
  })
})
