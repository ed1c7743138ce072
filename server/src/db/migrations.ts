/**
 * The schema, as SQL both SQLite and PostgreSQL accept. Append only; never edit one that has shipped.
 * Timestamps are ISO 8601 strings from the injected clock (they sort as text, so expiry checks are plain
 * comparisons on both); ids are generated in JS.
 */
export interface Migration {
  name: string
  statements: readonly string[]
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_accounts_and_sessions',
    statements: [
      // phone: `+<country code><number>`, the account key; pure_phone: without the country code, for display.
      `create table "users" ("id" varchar(64) primary key, "phone" varchar(32) not null unique,
        "country_code" varchar(8) not null, "pure_phone" varchar(32) not null, "nickname" varchar(64) not null,
        "avatar_url" varchar(512) not null, "created_at" varchar(32) not null, "updated_at" varchar(32) not null)`,
      // One WeChat user (openid) per account and one account per openid: both columns are unique.
      `create table "wechat_identities" ("openid" varchar(128) primary key,
        "user_id" varchar(64) not null unique references "users" ("id") on delete cascade, "unionid" varchar(128),
        "created_at" varchar(32) not null, "updated_at" varchar(32) not null)`,
      // Stored only as its SHA-256; family_id is the login session it descends from.
      `create table "refresh_tokens" ("id" varchar(64) primary key, "token_hash" varchar(64) not null unique,
        "family_id" varchar(64) not null, "parent_id" varchar(64),
        "user_id" varchar(64) not null references "users" ("id") on delete cascade,
        "created_at" varchar(32) not null, "expires_at" varchar(32) not null, "rotated_at" varchar(32),
        "revoked_at" varchar(32))`,
      `create index "refresh_tokens_family_id" on "refresh_tokens" ("family_id")`,
      `create index "refresh_tokens_user_id" on "refresh_tokens" ("user_id")`,
    ],
  },
]
