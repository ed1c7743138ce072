/** What a guest sees on the home page: sample content of a made-up shop, to replace with your own. */
export const DEMO_PICKS = [
  { id: 'p1', title: '冷萃青柠气泡水', desc: '0 糖 0 脂，一口清爽', price: '12.9', tint: '#b7eb8f' },
  { id: 'p2', title: '手作全麦贝果', desc: '当日现烤，麦香十足', price: '9.9', tint: '#ffd591' },
  { id: 'p3', title: '应季鲜果盒', desc: '产地直发，当季最甜', price: '29.9', tint: '#ffadd2' },
] as const

export const DEMO_PERK = {
  title: '新人专享福利',
  desc: '登录后即可领取 3 张无门槛优惠券',
} as const
