/**
 * Tables as Kysely sees them. Timestamps are ISO 8601 strings from the injected clock (they sort as text,
 * so expiry checks are plain comparisons on SQLite and PostgreSQL alike); ids are generated in JS.
 */
export interface Schema {
  users: UsersTable
  wechat_identities: WechatIdentitiesTable
  refresh_tokens: RefreshTokensTable
}

export interface UsersTable {
  id: string
  /** `+<country code><number>`: the account key (unique). */
  phone: string
  country_code: string
  /** Without the country code, for display (masked). */
  pure_phone: string
  nickname: string
  avatar_url: string
  created_at: string
  updated_at: string
}

/** One WeChat user (openid) per account and one account per openid: both columns are unique. */
export interface WechatIdentitiesTable {
  openid: string
  user_id: string
  unionid: string | null
  created_at: string
  updated_at: string
}

/** A refresh token is stored only as its SHA-256; `family_id` is the login session it descends from. */
export interface RefreshTokensTable {
  id: string
  token_hash: string
  family_id: string
  parent_id: string | null
  user_id: string
  created_at: string
  expires_at: string
  rotated_at: string | null
  revoked_at: string | null
}
